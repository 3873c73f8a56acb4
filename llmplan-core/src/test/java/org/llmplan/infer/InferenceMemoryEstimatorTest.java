package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Accelerator;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.ReplicaLayout;

class InferenceMemoryEstimatorTest {
  private final InferenceMemoryEstimator estimator = new InferenceMemoryEstimator();
  private static final RequestLengths LENGTHS = new RequestLengths(2000, 500);

  @Test
  void vllmPoolIsItsShareOfTheWholeGpuLessEverythingElseInWholeBlocks() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, "bf16", null, "vllm");
    InferenceMemory m = estimator.estimate(d, LENGTHS);
    double others = m.part("weights").value() + m.part("activations").value() + m.part("engineRuntime").value();
    double pool = 0.90 * 80 * Accelerator.GIB - others;
    long blocks = (long) Math.floor(pool / (131_072.0 * 16)); // 128 KiB per token, 16-token blocks
    assertThat(m.kvBytesPerToken()).isEqualTo(131_072);
    assertThat(m.kvBlocks()).isEqualTo(blocks);
    assertThat(m.kvTokens()).isEqualTo(blocks * 16);
    assertThat(m.part("kvCache").value()).isEqualTo(blocks * 16 * 131_072.0);
    assertThat(m.sequencesAtFullLength()).isEqualTo(blocks / (2500 / 16 + 1)); // 157 blocks per request
    assertThat(m.maxConcurrentSequences()).isEqualTo(Math.min(256, m.sequencesAtFullLength()));
    assertThat(m.fits()).isTrue();
    double sum = m.parts().stream().mapToDouble(Part::value).sum();
    assertThat(sum).isCloseTo(80 * Accelerator.GIB, within(1.0));
  }

  @Test
  void tensorRtPoolIsItsShareOfWhatIsLeft() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, "fp8", "fp8", "tensorrt-llm");
    InferenceMemory m = estimator.estimate(d, LENGTHS);
    double others = m.part("weights").value() + m.part("activations").value() + m.part("engineRuntime").value();
    double pool = 0.90 * (80 * Accelerator.GIB - others);
    assertThat(m.kvTokens()).isEqualTo((long) Math.floor(pool / (65_536.0 * 32)) * 32);
  }

  @Test
  void theReferenceWorkedExampleOf70bOnEightH100s() {
    // shared/reference inference-network-storage.md 2.2: Llama-3-70B BF16 on 8 x H100 TP8: weights 17.6 GB per GPU,
    // 40 KiB of KV per token per GPU, "about 50 GB free", "about 1.2 M KV tokens". vLLM's 0.9 share of 80 GiB less
    // weights, activations and runtime leaves 55 GB, so 1.35 M: within the reference's rounding.
    InferenceDeployment d = Deployments.of("llama-3-70b", "h100", 8, "bf16", null, "vllm");
    InferenceMemory m = estimator.estimate(d, LENGTHS);
    assertThat(m.part("weights").value() / 1e9).isCloseTo(17.6, within(0.1));
    assertThat(m.kvBytesPerToken()).isEqualTo(40 * 1024);
    assertThat(m.part("kvCache").value() / 1e9).isCloseTo(50, withinPercentage(12));
    assertThat(m.kvTokens() / 1e6).isCloseTo(1.2, withinPercentage(15));
  }

  @Test
  void aModelTooBigSaysWhyAndWhichSingleChangesFit() {
    InferenceDeployment d = Deployments.of("llama-3.1-70b", "h100", 1, "bf16", null, "vllm");
    InferenceMemory m = estimator.estimate(d, LENGTHS);
    assertThat(m.fits()).isFalse();
    assertThat(m.reason()).contains("weights (131.").contains("leave no room for a KV cache").contains("72.00 GiB");
    assertThat(m.kvTokens()).isZero();
    assertThat(m.levers()).extracting(InferenceMemory.Lever::change)
        .contains("--tp 2", "--tp 4", "--tp 8", "--precision fp8", "--precision int4");
    InferenceMemory.Lever best = m.levers().get(0);
    assertThat(best.fits()).isTrue();
    assertThat(m.levers()).filteredOn(l -> l.change().equals("--tp 2")).first()
        .satisfies(l -> assertThat(l.fits()).isTrue());
    assertThat(m.levers()).filteredOn(l -> l.change().equals("--kv-precision fp8")).first()
        .satisfies(l -> assertThat(l.fits()).isFalse());
  }

  @Test
  void aPoolSmallerThanOneRequestDoesNotFit() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "l4", 1, "bf16", null, "vllm");
    InferenceMemory m = estimator.estimate(d, new RequestLengths(60_000, 1000));
    assertThat(m.fits()).isFalse();
    assertThat(m.reason()).contains("fewer than one request of 61000");
    assertThat(m.notes()).anyMatch(n -> n.contains("--max-model-len"));
  }

  @Test
  void kvHeadsFewerThanTpAreNoted() {
    InferenceDeployment d = Deployments.of("llama-3.1-70b", "h100", 16, "bf16", null, "vllm");
    assertThat(estimator.estimate(d, LENGTHS).notes()).anyMatch(n -> n.contains("replicated KV head"));
  }

  @Test
  void pipelineStagesEachHoldTheirLayersCache() {
    InferenceRequest r = InferenceRequest.of("llama-3.1-70b", "h100")
        .with(ReplicaLayout.builder().tp(4).pp(2).build());
    InferenceMemory m = estimator.estimate(r.toDeployment(Deployments.CATALOG), LENGTHS);
    assertThat(m.kvBytesPerToken()).isEqualTo(40 * 2 * 2 * 128 * 2); // 40 layers x 2 of 8 KV heads
    assertThat(m.stage()).isIn("first", "last");
  }
}
