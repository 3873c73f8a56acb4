package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.llmplan.serving.Iterations.continuous;
import static org.llmplan.serving.Iterations.replica;
import static org.llmplan.serving.Iterations.requests;

import org.junit.jupiter.api.Test;
import org.llmplan.serving.Iterations.Call;

/** Timelines worked by hand with a constant iteration time C = 10 ms. */
class HandWorkedSchedulingTest {
  private static final double C = 0.01;
  private static final double EPS = 1e-12;
  private final ServingSimulator simulator = new ServingSimulator();

  @Test
  void aRequestAloneTakesOnePrefillIterationThenOneDecodeIterationPerFurtherToken() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, continuous(8192, 256, true)),
        requests(new double[] {0}, new int[] {100}, new int[] {10}), 0);

    assertThat(m.ttftSeconds().mean()).isCloseTo(C, within(EPS));
    assertThat(m.e2eSeconds().mean()).isCloseTo(C + 9 * C, within(EPS));
    assertThat(m.tpotSeconds().mean()).isCloseTo(C, within(EPS));
    assertThat(m.itlSeconds().count()).isEqualTo(9);
    assertThat(m.itlSeconds().p99()).isCloseTo(C, within(C * 1e-3));
    assertThat(m.queueingSeconds().max()).isZero();
    assertThat(m.iterations()).isEqualTo(10);
    // the prompt: 100 tokens attending causally to 100 x 101 / 2 pairs; then each decode reads its context
    assertThat(cost.iterations().get(0)).isEqualTo(new Call(100, 5050, 0, 0));
    assertThat(cost.iterations().get(1)).isEqualTo(new Call(0, 0, 1, 101));
    assertThat(cost.iterations().get(9)).isEqualTo(new Call(0, 0, 1, 109));
    assertThat(m.busyFraction()).isCloseTo(1, within(EPS));
    assertThat(m.peakKvTokens()).isEqualTo(112); // 109 tokens cached at the end: 7 blocks of 16
  }

  @Test
  void twoSimultaneousPromptsShareTheTokenBudgetTheSecondChunked() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, continuous(150, 256, true)),
        requests(new double[] {0, 0}, new int[] {100, 100}, new int[] {2, 2}), 0);

    // 1: A reads 100, B its first 50 (A's first token); 2: A decodes, B reads 50 more (A done, B's first
    // token); 3: B decodes (B done)
    assertThat(cost.iterations()).containsExactly(
        new Call(150, 5050 + 50 * 51 / 2, 0, 0),
        new Call(50, 50 * 50 + 50 * 51 / 2, 1, 101),
        new Call(0, 0, 1, 101));
    assertThat(m.ttftSeconds().p50()).isCloseTo(C, within(EPS));
    assertThat(m.ttftSeconds().max()).isCloseTo(2 * C, within(EPS));
    assertThat(m.e2eSeconds().mean()).isCloseTo((2 * C + 3 * C) / 2, within(EPS));
  }

  @Test
  void withoutChunkingTheSecondPromptWaitsForAnIterationWithRoomForAllOfIt() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, continuous(150, 256, false)),
        requests(new double[] {0, 0}, new int[] {100, 100}, new int[] {2, 2}), 0);

    assertThat(cost.iterations()).containsExactly(
        new Call(100, 5050, 0, 0),
        new Call(100, 5050, 1, 101),
        new Call(0, 0, 1, 101));
    assertThat(m.queueingSeconds().max()).isCloseTo(C, within(EPS));
    assertThat(m.ttftSeconds().max()).isCloseTo(2 * C, within(EPS));
  }

  @Test
  void aLongPromptIsReadInBudgetSizedChunksAndItsAttentionWorkIsThatOfOnePass() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, continuous(512, 256, true)),
        requests(new double[] {0}, new int[] {2000}, new int[] {1}), 0);

    assertThat(cost.iterations()).extracting(Call::prefillTokens).containsExactly(512L, 512L, 512L, 464L);
    assertThat(cost.iterations().get(1).attendedPairs()).isEqualTo(512L * 512 + 512L * 513 / 2);
    assertThat(cost.iterations().stream().mapToLong(Call::attendedPairs).sum()).isEqualTo(2000L * 2001 / 2);
    assertThat(m.ttftSeconds().mean()).isCloseTo(4 * C, within(EPS));
    assertThat(m.e2eSeconds().mean()).isCloseTo(4 * C, within(EPS));
    assertThat(m.tpotSeconds().count()).isZero();
  }

  /**
   * Blocks of 16, a cache of 4. A and B (16-token prompts, 40-token answers) each hold 2 blocks after 17
   * iterations; in the 18th A needs a third, so B (admitted last) is preempted after 17 tokens. A finishes at
   * iteration 40; B is recomputed (16 + 17 tokens) in iteration 41, which samples its 18th token, and
   * finishes 22 iterations later.
   */
  @Test
  void aFullCachePreemptsTheLatestAdmittedSequenceWhichIsRecomputedAndCompletes() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 64, continuous(8192, 256, true)),
        requests(new double[] {0, 0}, new int[] {16, 16}, new int[] {40, 40}), 0);

    assertThat(m.preemptions()).isEqualTo(1);
    assertThat(m.iterations()).isEqualTo(63);
    assertThat(m.e2eSeconds().p50()).isCloseTo(40 * C, within(EPS));
    assertThat(m.e2eSeconds().max()).isCloseTo(63 * C, within(EPS));
    assertThat(m.ttftSeconds().max()).isCloseTo(C, within(EPS));
    assertThat(m.itlSeconds().max()).isCloseTo(24 * C, within(EPS)); // B's 17th token at 17 C, 18th at 41 C
    assertThat(cost.iterations().get(40)).isEqualTo(new Call(33, 33L * 34 / 2, 0, 0));
    assertThat(m.peakKvFraction()).isEqualTo(1.0);
  }

  @Test
  void theSequenceLimitHoldsBackTheThirdRequest() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, continuous(8192, 2, true)),
        requests(new double[] {0, 0, 0}, new int[] {10, 10, 10}, new int[] {3, 3, 3}), 0);

    // A and B run iterations 1-3; C starts in iteration 4 and ends in 6
    assertThat(m.queueingSeconds().max()).isCloseTo(3 * C, within(EPS));
    assertThat(m.e2eSeconds().max()).isCloseTo(6 * C, within(EPS));
    assertThat(m.spanSeconds()).isCloseTo(6 * C, within(EPS));
    assertThat(m.requestsPerSecond()).isCloseTo(3 / (6 * C), within(1e-9));
  }

  @Test
  void staticBatchesReadAllPromptsAtOnceDecodeToTheLongestAnswerAndMakeLaterRequestsWait() {
    Iterations cost = new Iterations(C);
    ServingMetrics m = simulator.simulate(replica(cost, 100_000, new SchedulerPolicy.StaticBatching(2)),
        requests(new double[] {0, 0, 0}, new int[] {10, 10, 10}, new int[] {2, 5, 1}), 0);

    // batch 1 (A, B): prompts in iteration 1, then 4 decode iterations of both (A padded after its 2nd token)
    assertThat(cost.iterations().subList(0, 5)).containsExactly(
        new Call(20, 2 * 55, 0, 0),
        new Call(0, 0, 2, 22),
        new Call(0, 0, 2, 24),
        new Call(0, 0, 2, 26),
        new Call(0, 0, 2, 28));
    // C waits for the whole batch, then its prompt iteration samples its only token
    assertThat(cost.iterations().get(5)).isEqualTo(new Call(10, 55, 0, 0));
    assertThat(m.iterations()).isEqualTo(6);
    assertThat(m.ttftSeconds().max()).isCloseTo(6 * C, within(EPS));
    assertThat(m.e2eSeconds().p50()).isCloseTo(5 * C, within(EPS));
    assertThat(m.e2eSeconds().p90()).isCloseTo(6 * C, within(EPS));
    assertThat(m.e2eSeconds().mean()).isCloseTo((2 * C + 5 * C + 6 * C) / 3, within(EPS)); // A streams by 2 C
  }

  @Test
  void disaggregatedTtftIncludesTheKvTransferAndDecodeRunsOnTheOtherPool() {
    Iterations prefillCost = new Iterations(C);
    Iterations decodeCost = new Iterations(C / 2);
    SchedulerPolicy policy = continuous(8192, 256, true);
    Deployment split = new Deployment.Disaggregated(new ServingInstance(prefillCost, 10_000, 16, policy, 2), 1,
        new ServingInstance(decodeCost, 10_000, 16, policy, 4), 1, new KvTransfer(1000, 1e6));
    ServingMetrics m = simulator.simulate(split, requests(new double[] {0}, new int[] {100}, new int[] {3}), 0);

    double transfer = 100 * 1000 / 1e6;
    assertThat(m.ttftSeconds().mean()).isCloseTo(C + transfer, within(EPS));
    assertThat(m.e2eSeconds().mean()).isCloseTo(C + transfer + 2 * C / 2, within(EPS));
    assertThat(prefillCost.iterations()).containsExactly(new Call(100, 5050, 0, 0));
    assertThat(decodeCost.iterations()).containsExactly(new Call(0, 0, 1, 101), new Call(0, 0, 1, 102));
    // GPU-weighted: prefill 2 GPUs busy C, decode 4 GPUs busy C, over 6 GPUs x the span
    assertThat(m.busyFraction()).isCloseTo((2 * C + 4 * C) / (6 * (C + transfer + C)), within(EPS));
    assertThat(m.inputWorkFraction()).isCloseTo(2 * C / (2 * C + 4 * C), within(EPS));
  }

  @Test
  void aMixedIterationsTimeIsSplitBetweenPromptAndDecodeWorkInProportion() {
    // prompt work 1 ms per token, decode 2 ms per sequence: a 100-token chunk with 1 decode is 102 ms, of which
    // 100/102 is prompt work
    ServingMetrics m = simulator.simulate(replica((p, pairs, d, ctx) -> 1e-3 * p + 2e-3 * d, 100_000,
            continuous(150, 256, true)),
        requests(new double[] {0, 0}, new int[] {100, 100}, new int[] {2, 2}), 0);
    // iterations: (150 prompt) 150 ms; (50 prompt + 1 decode) 52 ms; (1 decode) 2 ms
    double promptSeconds = 0.150 + 0.050;
    assertThat(m.inputWorkFraction()).isCloseTo(promptSeconds / (0.150 + 0.052 + 0.002), within(1e-12));
  }
}
