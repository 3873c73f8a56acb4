package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** Invariants of the simulator over random workloads, cache sizes and scheduler limits. */
class SimulationPropertiesTest {
  private final ServingSimulator simulator = new ServingSimulator();

  record Case(double rate, int meanInput, int meanOutput, int kvBlocks, int maxTokens, int maxSequences,
      boolean chunked, long seed) {}

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.doubles().between(0.5, 40), Arbitraries.integers().between(1, 600),
            Arbitraries.integers().between(1, 120),
            Arbitraries.oneOf(Arbitraries.integers().between(8, 60), Arbitraries.integers().between(60, 2000)),
            Arbitraries.of(256, 512, 2048, 8192), Arbitraries.integers().between(1, 64), Arbitraries.of(true, false),
            Arbitraries.longs())
        .as(Case::new);
  }

  /** Lengths log-normal around the case's means, capped so every request fits the cache and the budget. */
  private static Requests requests(Case c) {
    Workload w = new Workload.Synthetic(new ArrivalProcess.Poisson(c.rate()),
        LengthDistribution.LogNormal.ofMean(c.meanInput(), 0.8), LengthDistribution.LogNormal.ofMean(c.meanOutput(),
        0.8), 20);
    Requests r = w.requests(c.seed());
    int cap = Math.min(c.kvBlocks() * 16, c.chunked() ? Integer.MAX_VALUE : c.maxTokens());
    int n = r.count();
    double[] at = new double[n];
    int[] in = new int[n];
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      at[i] = r.arrivalSeconds(i);
      in[i] = Math.min(r.inputTokens(i), cap / 2);
      out[i] = Math.min(r.outputTokens(i), cap - in[i]);
    }
    return new Requests(at, in, out);
  }

  private static Iterations cost() {
    return new Iterations((prefillTokens, pairs, decodes, context) ->
        5e-3 + 20e-6 * prefillTokens + 1e-9 * pairs + 50e-6 * decodes + 10e-9 * context);
  }

  private ServingMetrics run(Case c, Iterations cost, Requests r) {
    SchedulerPolicy policy = new SchedulerPolicy.ContinuousBatching(c.maxTokens(), c.maxSequences(), c.chunked());
    return simulator.simulate(new Deployment.Aggregated(new ServingInstance(cost, c.kvBlocks() * 16L, 16, policy,
        1)), r, 0);
  }

  @Property(tries = 150)
  void everyRequestFinishesAndEveryTokenIsComputedOnceUnlessRecomputed(@ForAll("cases") Case c) {
    Requests r = requests(c);
    Iterations cost = cost();
    ServingMetrics m = run(c, cost, r);

    long expectedWork = 0;
    long promptPairs = 0;
    long outputGaps = 0;
    for (int i = 0; i < r.count(); i++) {
      expectedWork += r.inputTokens(i) + r.outputTokens(i) - 1L;
      promptPairs += (long) r.inputTokens(i) * (r.inputTokens(i) + 1) / 2;
      outputGaps += r.outputTokens(i) - 1;
    }
    long work = cost.iterations().stream().mapToLong(it -> it.prefillTokens() + it.decodeSequences()).sum();
    long pairs = cost.iterations().stream().mapToLong(Iterations.Call::attendedPairs).sum();
    assertThat(m.requests()).isEqualTo(r.count());
    assertThat(m.itlSeconds().count()).isEqualTo(outputGaps);
    assertThat(m.iterations()).isEqualTo(cost.iterations().size());
    if (m.preemptions() == 0) {
      assertThat(work).isEqualTo(expectedWork);
      assertThat(pairs).isGreaterThanOrEqualTo(promptPairs);
    } else {
      assertThat(work).isGreaterThan(expectedWork);
    }
    assertThat(m.peakKvFraction()).isBetween(0.0, 1.0);
    assertThat(m.busyFraction()).isBetween(0.0, 1.0 + 1e-9);
    Statistics.label("preempted").collect(m.preemptions() > 0);
    Statistics.label("chunked").collect(c.chunked());
    Statistics.label("preempted").coverage(check -> check.check(true).percentage(p -> p >= 10));
    Statistics.label("chunked").coverage(check -> check.check(false).percentage(p -> p >= 20));
  }

  @Property(tries = 150)
  void latenciesAreOrderedAndPercentilesMonotone(@ForAll("cases") Case c) {
    ServingMetrics m = run(c, cost(), requests(c));
    for (LatencySummary s : new LatencySummary[] {m.ttftSeconds(), m.tpotSeconds(), m.itlSeconds(),
        m.e2eSeconds(), m.queueingSeconds()}) {
      assertThat(s.p50()).isLessThanOrEqualTo(s.p90());
      assertThat(s.p90()).isLessThanOrEqualTo(s.p99());
      assertThat(s.p99()).isLessThanOrEqualTo(s.max());
      assertThat(s.mean()).isLessThanOrEqualTo(s.max());
      assertThat(s.p50()).isGreaterThanOrEqualTo(0);
    }
    assertThat(m.queueingSeconds().max()).isLessThan(m.ttftSeconds().max());
    assertThat(m.ttftSeconds().max()).isLessThanOrEqualTo(m.e2eSeconds().max());
    assertThat(m.ttftSeconds().p50()).isGreaterThanOrEqualTo(5e-3); // at least one iteration
  }

  @Property(tries = 40)
  void theSameInputsGiveTheSameResult(@ForAll("cases") Case c) {
    assertThat(run(c, cost(), requests(c))).isEqualTo(run(c, cost(), requests(c)));
  }
}
