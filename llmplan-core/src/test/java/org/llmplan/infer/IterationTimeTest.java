package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.estimate.Part;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;

class IterationTimeTest {
  @Test
  void theReferenceWorkedDecodeStepOf70bOnEightH100s() {
    // inference-network-storage.md 2.2: Llama-3-70B BF16, TP8, B = 64 at 4096 tokens: 28.4 GB read per GPU (9.4 ms
    // at the measured 0.90 of 3.35 TB/s), compute 1.2 ms (memory-bound), 160 all-reduces of 1 MiB adding 2-4 ms.
    IterationTime t = new IterationTime(Deployments.of("llama-3-70b", "h100", 8, "bf16", null, "vllm"));
    List<Part> parts = t.explain(0, 0, 64, 64L * 4096);
    double reads = Part.find(parts, "linearLayers").value() + Part.find(parts, "decodeAttention").value();
    assertThat(reads * 1e3).isCloseTo(28.4e9 / (0.9 * 3.35e12) * 1e3, withinPercentage(5));
    assertThat(Part.find(parts, "tpCommunication").value() * 1e3).isBetween(2.0, 4.0);
    // on top: a fixed 4 us per kernel (800 kernels) that the reference leaves out
    assertThat(Part.find(parts, "kernelOverhead").value() * 1e3).isCloseTo(3.2, within(0.05));
    assertThat(parts.stream().mapToDouble(Part::value).sum()).isCloseTo(t.tpotSeconds(64, 4096), within(1e-12));
  }

  @Test
  void decodingAloneReadsTheWeightsOncePerToken() {
    // Llama-3.1-70B FP8 on one H200: 68.5 GB of layer weights + 2.1 GB of 16-bit head at 0.90 x 4.8 TB/s = 16.3 ms,
    // plus fixed costs: 803 kernels x 4 us and tensorrt-llm's 1.5 ms of exposed host time
    IterationTime t = new IterationTime(Deployments.of("llama-3.1-70b", "h200", 1, "fp8", "fp8", "tensorrt-llm"));
    double bound = (68.5e9 + 1.05e9 * 2) / (0.9 * 4.8e12);
    double fixed = 803 * 4e-6 + 1.5e-3;
    assertThat(t.tpotSeconds(1, 1000)).isBetween(bound + fixed, 1.05 * bound + fixed);
  }

  @Test
  void prefillIsComputeBoundAndTheFirstTokenOfALongPromptTakesLonger() {
    IterationTime t = new IterationTime(Deployments.of("llama-3.1-8b", "h100", 1, "bf16", null, "vllm"));
    // 2 x 8.03 B FLOP per token at 0.80 x 0.82 of 989 TFLOP/s is the floor of a 4096-token prefill
    double floor = 4096 * 2 * 7.5e9 / (0.80 * 0.82 * 989e12);
    assertThat(t.ttftSeconds(4096)).isBetween(floor, 1.6 * floor);
    assertThat(t.ttftSeconds(16384)).isGreaterThan(4 * t.ttftSeconds(4096)); // attention grows with the square
  }

  @Test
  void chunkedPrefillSplitsAPromptIntoBudgetedIterations() {
    InferenceRequest whole = InferenceRequest.of("llama-3.1-8b", "h100")
        .with(ReplicaLayout.builder().tp(1).build())
        .with(EngineOptions.builder().engine("vllm").maxBatchedTokens(8192).chunkedPrefill(false).build());
    InferenceRequest chunked = InferenceRequest.of("llama-3.1-8b", "h100")
        .with(ReplicaLayout.builder().tp(1).build())
        .with(EngineOptions.builder().engine("vllm").maxBatchedTokens(2048).chunkedPrefill(true).build());
    IterationTime a = new IterationTime(whole.toDeployment(Deployments.CATALOG));
    IterationTime b = new IterationTime(chunked.toDeployment(Deployments.CATALOG));
    // same attention work, four iterations of fixed costs instead of one
    assertThat(b.ttftSeconds(8192)).isGreaterThan(a.ttftSeconds(8192)).isLessThan(1.2 * a.ttftSeconds(8192));
  }

  @Test
  void moeDecodeReadsOnlyTheExpertsItsTokensTouch() {
    IterationTime t = new IterationTime(InferenceRequest.of("deepseek-v3", "h200")
        .with(ReplicaLayout.builder().tp(8).ep(8).build())
        .with(NumberFormats.builder().precision("fp8").build())
        .with(EngineOptions.builder().engine("vllm").build()).toDeployment(Deployments.CATALOG));
    double one = Part.find(t.explain(0, 0, 1, 1000), "linearLayers").value();
    double many = Part.find(t.explain(0, 0, 256, 256_000), "linearLayers").value();
    // one token touches 8 of 256 experts per layer; 256 tokens touch nearly all of them
    double expertsPerGpu = 58 * 256 / 8.0 * 3 * 7168 * 2048; // 58 MoE layers, 32 experts per GPU, FP8
    assertThat(one).isLessThan(0.25 * expertsPerGpu / (0.9 * 4.8e12));
    assertThat(many).isGreaterThan(0.9 * expertsPerGpu / (0.9 * 4.8e12));
  }

  @Test
  void pipelineStagesPaceTheOutputAndAddUpToTheLatency() {
    IterationTime t = new IterationTime(InferenceRequest.of("llama-3.1-70b", "h100")
        .with(ReplicaLayout.builder().tp(4).pp(2).build())
        .with(EngineOptions.builder().engine("vllm").build()).toDeployment(Deployments.CATALOG));
    double stage = t.stageSeconds(0, 0, 64, 64_000);
    double latency = t.seconds(0, 0, 64, 64_000);
    assertThat(stage).isLessThan(latency);
    assertThat(latency).isCloseTo(2 * stage, withinPercentage(10));
  }

  @Test
  void eagerEnginesPayForEveryKernelLaunchAtSmallBatches() {
    IterationTime hf = new IterationTime(Deployments.of("llama-3.1-8b", "h100", 1, "bf16", null, "hf"));
    IterationTime vllm = new IterationTime(Deployments.of("llama-3.1-8b", "h100", 1, "bf16", null, "vllm"));
    // 32 layers x 45 kernels x 13.6 us = 19.6 ms of launches against 5.6 ms of weight reads
    assertThat(hf.tpotSeconds(1, 1000) * 1e3).isCloseTo((32 * 45 + 3) * 13.6e-3, within(0.1));
    assertThat(vllm.tpotSeconds(1, 1000)).isLessThan(0.5 * hf.tpotSeconds(1, 1000));
  }
}
