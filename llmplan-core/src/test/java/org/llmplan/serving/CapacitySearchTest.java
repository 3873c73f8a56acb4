package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidValueException;

class CapacitySearchTest {
  private static final double C = 0.01;

  /**
   * Constant 10 ms iterations, evenly spaced requests of 10 prompt and 10 answer tokens, 8 sequences at most:
   * each request holds a slot for exactly 10 iterations, so 8 slots serve 8 / (10 x 10 ms) = 80 requests/s.
   * Below that nothing queues (TTFT at most 2 iterations); above it the queue grows without end.
   */
  private static final Deployment EIGHT_SLOTS = new Deployment.Aggregated(new ServingInstance(
      (p, pairs, d, ctx) -> C, 100_000, 16, new SchedulerPolicy.ContinuousBatching(8192, 8, true), 4));
  private static final Workload EVEN = new Workload.Synthetic(new ArrivalProcess.Constant(10),
      new LengthDistribution.Fixed(10), new LengthDistribution.Fixed(10), 60);

  @Test
  void theHighestSustainedRateIsTheServiceRateOfTheSlots() {
    Capacity result = new CapacitySearch(new Slo(10 * C, 2 * C), 5, 1, 0.01).search(EIGHT_SLOTS, EVEN);

    Capacity.Sustained sustained = (Capacity.Sustained) result;
    assertThat(sustained.maxRatePerSecond()).isCloseTo(80, within(80 * 0.02));
    assertThat(sustained.unloaded().ttftSeconds().p99()).isCloseTo(C, within(1e-9));
    assertThat(sustained.unloaded().e2eSeconds().mean()).isCloseTo(10 * C, within(1e-9));
    assertThat(sustained.atMaxRate().ttftSeconds().p99()).isLessThanOrEqualTo(10 * C);
    assertThat(sustained.simulations()).isBetween(5, 20);
  }

  @Test
  void aTargetMissedEvenUnloadedIsInfeasibleAndSaysWhichAndByHowMuch() {
    Deployment slow = new Deployment.Aggregated(new ServingInstance((p, pairs, d, ctx) -> 0.5, 100_000, 16,
        SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT, 8));
    Capacity result = new CapacitySearch(new Slo(0.2, Double.POSITIVE_INFINITY), 5, 1, 0.01).search(slow, EVEN);

    assertThat(result).isInstanceOf(Capacity.Infeasible.class);
    assertThat(((Capacity.Infeasible) result).reason()).startsWith("infeasible, because TTFT p99 is 500.0 ms, "
        + "above the target 200.0 ms even with one request at a time (unloaded: TTFT p99 500.0 ms");
  }

  @Test
  void requestsThatAlwaysArriveTogetherMissTheTargetAtEveryRate() {
    // pairs of simultaneous 2000-token prompts at 1 ms per prompt token: alone 2 s to the first token, the
    // second of a pair 4 s, however far apart the pairs are
    int pairs = 100;
    double[] at = new double[2 * pairs];
    int[] in = new int[2 * pairs];
    int[] out = new int[2 * pairs];
    for (int i = 0; i < at.length; i++) {
      at[i] = 10.0 * (i / 2);
      in[i] = 2000;
      out[i] = 5;
    }
    Deployment prefillBound = new Deployment.Aggregated(new ServingInstance((p, a, d, ctx) -> 1e-3 * p + C,
        100_000, 16, new SchedulerPolicy.ContinuousBatching(2048, 64, true), 1));
    Capacity result = new CapacitySearch(new Slo(3, Double.POSITIVE_INFINITY), 0, 1, 0.01)
        .search(prefillBound, new Workload.Replay(new Requests(at, in, out), "pairs.csv"));

    assertThat(result).isInstanceOf(Capacity.Infeasible.class);
    assertThat(((Capacity.Infeasible) result).reason()).contains("(the lowest rate tried) TTFT p99 is 4.")
        .contains("though one request at a time meets the targets (TTFT p99 2.01 s)");
  }

  @Test
  void replicasGpusAndCostPerMillionTokensForATargetRate() {
    Capacity.Sustained capacity = (Capacity.Sustained) new CapacitySearch(new Slo(10 * C, 2 * C), 5, 1, 0.01)
        .search(EIGHT_SLOTS, EVEN);
    ServingCost cost = ServingCost.of(capacity, 4, 200, 2.0);

    assertThat(cost.replicas()).isEqualTo(3);
    assertThat(cost.gpus()).isEqualTo(12);
    assertThat(cost.usdPerHour()).isEqualTo(24.0);
    // 200 requests/s x 20 tokens x 3600 s = 14.4 M tokens an hour for $24
    assertThat(cost.usdPerMillionTokens()).isCloseTo(24 / 14.4, within(1e-9));
    double inputPerHour = 200 * 10 * 3600 / 1e6;
    assertThat(cost.usdPerMillionInputTokens() * inputPerHour + cost.usdPerMillionOutputTokens() * inputPerHour)
        .isCloseTo(24.0, within(1e-9));
    // each request: one prompt iteration of 10 tokens, 9 decodes; with constant iterations a mixed one splits
    // in half, so prompt work is a small share and output tokens cost more
    assertThat(cost.usdPerMillionOutputTokens()).isGreaterThan(cost.usdPerMillionInputTokens());
    assertThat(ServingCost.of(capacity, 4, 1, 2.0).replicas()).isEqualTo(1);
  }

  @Test
  void underATightTimePerTokenDisaggregatedPoolsServeMorePerGpuThanAggregatedReplicas() {
    ServingInstance eightGpus = QueueingBehaviourTest.replica(SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT);
    Workload longPrompts = new Workload.Synthetic(new ArrivalProcess.Poisson(1),
        LengthDistribution.parse("lognormal:4000,0.5"), LengthDistribution.parse("lognormal:200,0.5"), 300);
    CapacitySearch search = new CapacitySearch(new Slo(2, 0.025), 30, 3, 0.02);
    Deployment aggregated = new Deployment.Aggregated(eightGpus);
    Deployment split = new Deployment.Disaggregated(eightGpus, 1, eightGpus, 1, new KvTransfer(327_680, 50e9));

    double aggregatedPerGpu = ((Capacity.Sustained) search.search(aggregated, longPrompts)).maxRatePerSecond()
        / aggregated.gpus();
    double splitPerGpu = ((Capacity.Sustained) search.search(split, longPrompts)).maxRatePerSecond()
        / split.gpus();
    // aggregated, a 4000-token prompt chunk in an iteration stalls every decode in it past 25 ms
    assertThat(splitPerGpu).isGreaterThan(1.5 * aggregatedPerGpu);
  }

  @Test
  void badTargetsAndRatesAreRefusedWithWhatToChange() {
    assertThatThrownBy(() -> new Slo(-1, 0.05)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("latency targets must be above 0 seconds");
    assertThatThrownBy(() -> new Slo(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY))
        .hasMessageContaining("give at least one latency target");
    Capacity.Sustained capacity = (Capacity.Sustained) new CapacitySearch(new Slo(10 * C, 2 * C), 5, 1, 0.01)
        .search(EIGHT_SLOTS, EVEN);
    assertThatThrownBy(() -> ServingCost.of(capacity, 4, -5, 2.0)).hasMessageContaining("the request rate must be");
    assertThatThrownBy(() -> ServingCost.of(capacity, 4, 5, -2.0)).hasMessageContaining("the price per GPU-hour");
    assertThatThrownBy(() -> new CapacitySearch(new Slo(1, 1), 100, 1, 0.01).search(EIGHT_SLOTS, EVEN))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("the warm-up of 100.0 s leaves no request");
  }
}
