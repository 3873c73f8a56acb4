package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.ReplicaLayout;

/** Weight bytes per GPU by format, worked by hand for Llama-3.1-8B (32 layers, h 4096, 8 KV heads, FFN 14336). */
class StageWeightsTest {
  /** Per layer: q and o 4096 x 4096 each, k and v 4096 x 1024 each, gate, up and down 4096 x 14336. */
  private static final long LAYER_MATRICES = 2L * 4096 * 4096 + 2L * 4096 * 1024 + 3L * 4096 * 14336;
  private static final long MATRICES = 32 * LAYER_MATRICES; // 6,979,321,856
  /** Embedding and untied LM head 128256 x 4096, 65 RMSNorm weight vectors of 4096. */
  private static final long SIXTEEN_BIT = 2L * 128_256 * 4096 + 65L * 4096;

  @Test
  void int4WithGroup128ScalesAddsAnFp16ScaleAndA4BitZeroPerGroup() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, "int4", null, "vllm");
    StageWeights w = StageWeights.of(d, 0);
    assertThat(w.quantized()).isEqualTo(MATRICES);
    assertThat(w.sixteenBit()).isEqualTo(SIXTEEN_BIT);
    assertThat(w.quantizedBytes(d)).isEqualTo(MATRICES / 2.0); // 3,489,660,928 B
    assertThat(w.scaleBytes(d)).isEqualTo(MATRICES / 128 * 2.5); // 54,525,952 groups x 2.5 B = 136,314,880 B
    assertThat(w.totalBytes(d)).isEqualTo(3_489_660_928.0 + 136_314_880 + 2.0 * SIXTEEN_BIT);
  }

  @Test
  void fp8QuantizesTheLayerMatricesOnlyAndTpDividesThem() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 2, "fp8", null, "vllm");
    StageWeights w = StageWeights.of(d, 0);
    assertThat(w.quantizedBytes(d)).isEqualTo(MATRICES / 2.0);
    assertThat(w.scaleBytes(d)).isZero();
    // embedding and LM head split over the two ranks, norms replicated
    assertThat(w.sixteenBitBytes()).isEqualTo(2 * (128_256.0 * 4096 + 65 * 4096));
  }

  @Test
  void pipelineStagesSplitTheLayersAndKeepEmbeddingAndHeadAtTheEnds() {
    InferenceDeployment d = InferenceRequest.of("llama-3.1-8b", "h100")
        .with(ReplicaLayout.builder().tp(1).pp(3).build()).toDeployment(Deployments.CATALOG);
    StageWeights first = StageWeights.of(d, 0);
    StageWeights last = StageWeights.of(d, 2);
    assertThat(first.layers()).isEqualTo(11); // 32 = 11 + 11 + 10
    assertThat(last.layers()).isEqualTo(10);
    assertThat(d.stageLayers()).isEqualTo(11);
    assertThat(first.quantized()).isEqualTo(11.0 * LAYER_MATRICES);
    assertThat(first.sixteenBit()).isCloseTo(128_256.0 * 4096 + 22 * 4096, within(0.5));
    assertThat(last.sixteenBit()).isCloseTo(128_256.0 * 4096 + 21 * 4096, within(0.5));
  }

  @Test
  void moeExpertsDivideOverTpWhetherSlicedOrWhole() {
    InferenceDeployment sliced = Deployments.of("mixtral-8x7b", "h100", 2, "bf16", null, "vllm");
    InferenceDeployment whole = InferenceRequest.of("mixtral-8x7b", "h100")
        .with(ReplicaLayout.builder().tp(2).ep(2).build()).toDeployment(Deployments.CATALOG);
    assertThat(StageWeights.of(whole, 0).quantized()).isEqualTo(StageWeights.of(sliced, 0).quantized());
    // all of Mixtral's 46.7B parameters but its 16-bit ones, halved
    double total = Deployments.CATALOG.model("mixtral-8x7b").parameters().total();
    assertThat(StageWeights.of(sliced, 0).quantized() * 2 + 2 * StageWeights.of(sliced, 0).sixteenBit())
        .isCloseTo(total, within(total * 0.001));
  }
}
