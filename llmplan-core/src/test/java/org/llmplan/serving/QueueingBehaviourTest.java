package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.infer.IterationCost;

/** Whole-run behaviour that queueing theory and the scheduling literature predict. */
class QueueingBehaviourTest {
  /** Shaped like Llama-3-70B BF16 on 8 H100s (the benchmark's cost; see ServingSimulationBenchmark). */
  static final IterationCost LLAMA_70B_TP8 = (prefill, pairs, decodes, context) ->
      12e-3 + 0.04e-3 * decodes + 13.7e-9 * context + 25.5e-6 * prefill + 0.66e-9 * pairs;

  private final ServingSimulator simulator = new ServingSimulator();

  static ServingInstance replica(SchedulerPolicy policy) {
    return new ServingInstance(LLAMA_70B_TP8, 1_200_000, 16, policy, 8);
  }

  static Workload chat(double rate, double seconds) {
    return new Workload.Synthetic(new ArrivalProcess.Poisson(rate), LengthDistribution.LogNormal.ofMean(220, 1.0),
        LengthDistribution.LogNormal.ofMean(100, 0.8), seconds);
  }

  @Test
  void littlesLawHoldsOverALongPoissonRun() {
    double rate = 30;
    ServingMetrics m = simulator.simulate(new Deployment.Aggregated(replica(
        SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT)), chat(rate, 1200).requests(1), 0);
    // the time-average count in the system, kept by the event loop, against the arrival rate asked for times
    // the mean time each request spent
    assertThat(m.meanRequestsInSystem()).isCloseTo(rate * m.e2eSeconds().mean(),
        within(0.03 * rate * m.e2eSeconds().mean()));
    assertThat(m.requestsPerSecond()).isCloseTo(rate, within(0.03 * rate));
  }

  @Test
  void aHigherRateNeverLowersTheTailTimeToFirstTokenForTheSameSeed() {
    Workload base = chat(10, 300);
    double previous = 0;
    for (double rate = 5; rate <= 90; rate += 5) {
      ServingMetrics m = simulator.simulate(new Deployment.Aggregated(replica(
          SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT)), base.atRate(rate).requests(9), 30);
      assertThat(m.ttftSeconds().p99()).as("TTFT p99 at %s requests/s", rate).isGreaterThanOrEqualTo(previous);
      previous = m.ttftSeconds().p99();
    }
    assertThat(previous).as("past the ~66 requests/s it completes, the queue grows").isGreaterThan(30);
  }

  @Test
  void continuousBatchingOutservesStaticBatchingOfTheSameSize() {
    Requests backlog = new Workload.Synthetic(new ArrivalProcess.Poisson(200),
        LengthDistribution.parse("lognormal:500,0.8"), LengthDistribution.parse("uniform:10-400"), 5).requests(2);
    ServingMetrics continuous = simulator.simulate(new Deployment.Aggregated(replica(
        new SchedulerPolicy.ContinuousBatching(8192, 32, true))), backlog, 0);
    ServingMetrics fixed = simulator.simulate(new Deployment.Aggregated(replica(
        new SchedulerPolicy.StaticBatching(32))), backlog, 0);

    // static batches idle the slots of short answers until the longest ends (Orca, OSDI 2022)
    assertThat(continuous.outputTokensPerSecond()).isGreaterThan(1.3 * fixed.outputTokensPerSecond());
    assertThat(continuous.e2eSeconds().mean()).isLessThan(fixed.e2eSeconds().mean());
  }

  @Test
  void disaggregatedDecodeKeepsTimePerTokenFreeOfPromptWorkOnTheSameGpus() {
    Workload longPrompts = new Workload.Synthetic(new ArrivalProcess.Poisson(4),
        LengthDistribution.parse("lognormal:4000,0.5"), LengthDistribution.parse("lognormal:200,0.5"), 600);
    SchedulerPolicy policy = SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT;
    // 16 GPUs either way: two aggregated replicas (each half the traffic), or one prefill and one decode
    // instance; Llama-3-70B's 320 KiB of KV per token over 50 GB/s
    ServingMetrics aggregated = simulator.simulate(new Deployment.Aggregated(replica(policy)),
        longPrompts.atRate(2).requests(5), 60);
    ServingMetrics split = simulator.simulate(new Deployment.Disaggregated(replica(policy), 1, replica(policy), 1,
        new KvTransfer(327_680, 50e9)), longPrompts.requests(5), 60);

    // measured: TPOT p99 13.9 ms against 25.8 ms, ITL p99 14 ms against 149 ms (prompt chunks stall decodes)
    assertThat(split.tpotSeconds().p99()).isLessThan(0.6 * aggregated.tpotSeconds().p99());
    assertThat(split.itlSeconds().p99()).isLessThan(0.2 * aggregated.itlSeconds().p99());
    // the price: one prefill instance takes all prompts and the KV crosses the link before the first token
    assertThat(split.ttftSeconds().p50()).isGreaterThan(aggregated.ttftSeconds().p50());
  }
}
