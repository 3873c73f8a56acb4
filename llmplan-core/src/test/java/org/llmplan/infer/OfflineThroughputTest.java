package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.error.PlanInputException;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;

class OfflineThroughputTest {
  private final InferenceMemoryEstimator memory = new InferenceMemoryEstimator();

  private OfflineThroughput offline(InferenceDeployment d, RequestLengths lengths, int clients) {
    return OfflineThroughput.estimate(new IterationTime(d), memory.estimate(d, lengths), lengths, clients);
  }

  @Test
  void shortRequestsAreFedByTheTokenBudget() {
    // 128 in, 128 out: each iteration must prefill B x 128 / 128 prompt tokens beside B decodes, so a budget of 2048
    // tokens keeps B = 2048 x 128 / 255 = 1028 sequences in flight
    InferenceDeployment d = InferenceRequest.of("llama-3.1-8b", "h200")
        .with(ReplicaLayout.builder().tp(1).build())
        .with(NumberFormats.builder().precision("fp8").kvPrecision("fp8").build())
        .with(EngineOptions.builder().engine("sglang").maxBatchedTokens(2048).build())
            .toDeployment(Deployments.CATALOG);
    OfflineThroughput o = offline(d, new RequestLengths(128, 128), Integer.MAX_VALUE);
    assertThat(o.limitedBy()).isEqualTo("max-batched-tokens");
    assertThat(o.concurrency()).isCloseTo(2048.0 * 128 / 255, within(1e-9));
    assertThat(o.outputTokensPerSecond()).isCloseTo(o.concurrency() / o.iterationSeconds(), within(1e-6));
    assertThat(o.totalTokensPerSecond()).isCloseTo(2 * o.outputTokensPerSecond(), within(1e-6));
    assertThat(o.requestsPerSecond()).isCloseTo(o.outputTokensPerSecond() / 128, within(1e-9));
  }

  @Test
  void fullReservationHoldsWholeRequestsAndPagingHoldsTheirMeanLength() {
    RequestLengths lengths = new RequestLengths(1000, 2000);
    InferenceDeployment full = Deployments.of("llama-3.1-70b", "h200", 1, "fp8", "fp8", "tensorrt-llm");
    OfflineThroughput reserved = offline(full, lengths, Integer.MAX_VALUE);
    InferenceMemory m = memory.estimate(full, lengths);
    assertThat(reserved.limitedBy()).isEqualTo("kv-cache");
    assertThat(reserved.concurrency()).isEqualTo(m.sequencesAtFullLength());
    InferenceDeployment paged = Deployments.of("llama-3.1-70b", "h200", 1, "fp8", "fp8", "sglang");
    OfflineThroughput onDemand = offline(paged, lengths, Integer.MAX_VALUE);
    assertThat(onDemand.concurrency())
        .isCloseTo(memory.estimate(paged, lengths).kvTokens() / (1000 + 1000 + 0.5), within(1e-6));
  }

  @Test
  void oneClientRunsEachRequestAlone() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, "bf16", null, "vllm");
    IterationTime t = new IterationTime(d);
    OfflineThroughput o = offline(d, new RequestLengths(500, 101), 1);
    assertThat(o.limitedBy()).isEqualTo("clients");
    assertThat(o.ttftSeconds()).isEqualTo(t.ttftSeconds(500));
    assertThat(o.tpotSeconds()).isEqualTo(t.tpotSeconds(1, 551)); // mean context 500 + 101 / 2, rounded
    assertThat(o.e2eSeconds()).isCloseTo(o.ttftSeconds() + 100 * o.tpotSeconds(), within(1e-12));
    assertThat(o.outputTokensPerSecond()).isCloseTo(101 / o.e2eSeconds(), within(1e-9));
  }

  @Test
  void aStaticBatchWaitsForItsSlowestWave() {
    InferenceDeployment hf = InferenceRequest.of("llama-3.1-8b", "h100")
        .with(ReplicaLayout.builder().tp(1).build())
        .with(EngineOptions.builder().engine("hf").maxNumSeqs(16).build()).toDeployment(Deployments.CATALOG);
    IterationTime t = new IterationTime(hf);
    OfflineThroughput o = offline(hf, new RequestLengths(1000, 200), Integer.MAX_VALUE);
    double prefill = t.seconds(16 * 1000, 16L * 1000 * 1001 / 2, 0, 0);
    double wave = prefill + 199 * t.tpotSeconds(16, 1100);
    assertThat(o.concurrency()).isEqualTo(16);
    assertThat(o.outputTokensPerSecond()).isCloseTo(16 * 200 / wave, within(1e-6));
  }

  @Test
  void aDeploymentThatDoesNotFitHasNoThroughput() {
    InferenceDeployment d = Deployments.of("llama-3.1-70b", "h100", 1, "bf16", null, "vllm");
    assertThatThrownBy(() -> offline(d, new RequestLengths(100, 100), Integer.MAX_VALUE))
        .isInstanceOf(PlanInputException.class).hasMessageStartingWith("does not fit: weights");
  }
}
