package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.llmplan.serving.Iterations.continuous;
import static org.llmplan.serving.Iterations.replica;

import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidValueException;
import org.llmplan.infer.IterationCost;

/** Impossible or absurd serving inputs are refused with one line that says what to change. */
class ServingInputErrorsTest {
  private static final IterationCost COST = (p, pairs, d, ctx) -> 0.01;
  private final ServingSimulator simulator = new ServingSimulator();

  private static Requests one(int input, int output) {
    return new Requests(new double[] {0}, new int[] {input}, new int[] {output});
  }

  @Test
  void aRequestLargerThanTheWholeKvCacheCouldNeverFinish() {
    assertThatThrownBy(() -> simulator.simulate(replica(COST, 1024, continuous(8192, 256, true)), one(1000, 100),
        0)).isInstanceOf(InvalidValueException.class)
        .hasMessage("request 1 (1000 input + 100 output tokens) needs 1099 tokens of KV cache, more than the 1024 "
            + "that the replica holds: shorten prompts or answers, or give the KV cache more memory (more GPUs, an "
            + "FP8 KV cache, lower-precision weights)");
  }

  @Test
  void withoutChunkingAPromptLongerThanTheTokenBudgetCouldNeverBeRead() {
    assertThatThrownBy(() -> simulator.simulate(replica(COST, 100_000, continuous(2048, 256, false)),
        one(3000, 10), 0)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("more than max-num-batched-tokens 2048 of the replica: without chunked prefill")
        .hasMessageEndingWith("raise max-num-batched-tokens or turn chunked prefill on");
  }

  @Test
  void aDisaggregatedDecodePoolMustHoldTheWholeSequenceAndThePrefillPoolThePrompt() {
    SchedulerPolicy policy = continuous(8192, 256, true);
    Deployment smallDecode = new Deployment.Disaggregated(new ServingInstance(COST, 100_000, 16, policy, 1), 1,
        new ServingInstance(COST, 512, 16, policy, 1), 1, new KvTransfer(1e5, 1e10));
    assertThatThrownBy(() -> simulator.simulate(smallDecode, one(400, 200), 0))
        .hasMessageContaining("that a decode instance holds");
    Deployment smallPrefill = new Deployment.Disaggregated(new ServingInstance(COST, 256, 16, policy, 1), 1,
        new ServingInstance(COST, 100_000, 16, policy, 1), 1, new KvTransfer(1e5, 1e10));
    assertThatThrownBy(() -> simulator.simulate(smallPrefill, one(400, 2), 0))
        .hasMessageContaining("needs 400 tokens of KV cache, more than the 256 that a prefill instance holds");
    assertThatThrownBy(() -> new Deployment.Disaggregated(new ServingInstance(COST, 1000, 16,
        new SchedulerPolicy.StaticBatching(8), 1), 1, new ServingInstance(COST, 1000, 16, policy, 1), 1,
        new KvTransfer(1, 1e9))).hasMessageContaining("static batching is offered for aggregated replicas only");
    assertThatThrownBy(() -> new KvTransfer(-1, 1e9)).hasMessageContaining("KV bytes per token must be between");
    assertThatThrownBy(() -> new KvTransfer(1e5, 0)).hasMessageContaining("the KV transfer bandwidth");
  }

  @Test
  void requestsNeedLengthsAndOrderedArrivals() {
    assertThatThrownBy(() -> new Requests(new double[] {0}, new int[] {0}, new int[] {5}))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("request 1 has 0 input and 5 output tokens: every request needs at least one of each");
    assertThatThrownBy(() -> new Requests(new double[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}))
        .hasMessageContaining("request 2 arrives at 1.0 s: arrival times must be finite, from 0 and in order");
    assertThatThrownBy(() -> new Requests(new double[] {Double.NaN}, new int[] {1}, new int[] {1}))
        .hasMessageContaining("arrival times must be finite");
    assertThatThrownBy(() -> new Requests(new double[0], new int[0], new int[0]))
        .hasMessage("there are no requests to serve");
  }

  @Test
  void workloadsAndInstancesOutsideSenseAreRefused() {
    assertThatThrownBy(() -> new Workload.Synthetic(new ArrivalProcess.Poisson(10), new LengthDistribution.Fixed(1),
        new LengthDistribution.Fixed(1), -60)).hasMessageContaining("the duration (seconds) must be between");
    assertThatThrownBy(() -> new Workload.Synthetic(new ArrivalProcess.Poisson(1e5), new LengthDistribution.Fixed(1),
        new LengthDistribution.Fixed(1), 3600)).hasMessageContaining("shorten the duration or lower the rate");
    assertThatThrownBy(() -> new Workload.Synthetic(new ArrivalProcess.Constant(0.001),
        new LengthDistribution.Fixed(1), new LengthDistribution.Fixed(1), 60).requests(1))
        .hasMessageContaining("no request arrives within 60.0 s");
    assertThatThrownBy(() -> new ServingInstance(COST, 8, 16, continuous(8192, 256, true), 1))
        .hasMessageContaining("the model leaves no room for KV cache");
    assertThatThrownBy(() -> continuous(0, 256, true))
        .hasMessage("max-num-batched-tokens must be a positive whole number, got 0");
    assertThatThrownBy(() -> new SchedulerPolicy.StaticBatching(-1))
        .hasMessage("the static batch size must be a positive whole number, got -1");
    assertThatThrownBy(() -> simulator.simulate(replica(COST, 1000, continuous(8192, 256, true)), one(10, 10), -1))
        .hasMessageContaining("the warm-up (seconds) must be between 0");
  }

  @Test
  void aCostModelThatReturnsNoTimeIsAProgrammingErrorNotALoop() {
    assertThatThrownBy(() -> simulator.simulate(replica((p, a, d, c) -> 0, 1000, continuous(8192, 256, true)),
        one(10, 10), 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the iteration cost must be positive and finite, got 0.0");
  }
}
