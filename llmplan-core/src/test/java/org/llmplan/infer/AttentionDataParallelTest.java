package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Precision;
import org.llmplan.kernel.KernelTimes;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;

/**
 * Attention data parallelism with expert parallelism on Qwen3-235B-A22B (94 layers, h 4096, 64 query and 4 KV
 * heads of 128, 128 experts of 1536, top-8), against TP8 with the experts whole over the same 8 B200s.
 */
class AttentionDataParallelTest {
  /** q and o 4096 x 8192 each, k and v 4096 x 512 each. */
  private static final double ATTENTION_MATRICES = 2.0 * 4096 * 8192 + 2.0 * 4096 * 512;
  private static final int LAYERS = 94;

  private static InferenceDeployment qwen(boolean attentionDp) {
    return InferenceRequest.of("qwen3-235b-a22b", "b200")
        .with(ReplicaLayout.builder().tp(8).ep(8).attentionDp(attentionDp).build())
        .with(NumberFormats.builder().precision("nvfp4").kvPrecision("fp8").build())
        .with(EngineOptions.builder().engine("tensorrt-llm").build()).toDeployment(Deployments.CATALOG);
  }

  @Test
  void everyGpuHoldsTheAttentionWholeAndAnEighthOfTheExperts() {
    StageWeights dp = StageWeights.of(qwen(true), 0);
    StageWeights tp = StageWeights.of(qwen(false), 0);
    assertThat(dp.quantized() - tp.quantized()).isCloseTo(LAYERS * ATTENTION_MATRICES * 7 / 8, within(1.0));
    // embedding and LM head (151936 x 4096 each) whole on every rank instead of an eighth
    assertThat(dp.sixteenBit() - tp.sixteenBit()).isGreaterThanOrEqualTo(2 * 151_936.0 * 4096 * 7 / 8);
  }

  @Test
  void eachRankKeepsAllKvHeadsOfItsOwnSequences() {
    RequestLengths lengths = new RequestLengths(1000, 1000);
    InferenceMemory dp = new InferenceMemoryEstimator().estimate(qwen(true), lengths);
    InferenceMemory tp = new InferenceMemoryEstimator().estimate(qwen(false), lengths);
    // 2 (K, V) x 4 KV heads x 128 x 1 B per layer, against one replicated head per TP rank
    assertThat(dp.kvBytesPerToken()).isEqualTo(LAYERS * 2.0 * 4 * 128);
    assertThat(tp.kvBytesPerToken()).isEqualTo(LAYERS * 2.0 * 1 * 128);
    assertThat(dp.kvTokens()).isEqualTo(8 * dp.kvBlocks() * 32);
    assertThat(tp.kvTokens()).isEqualTo(tp.kvBlocks() * 32);
  }

  @Test
  void anAllGatherAndAReduceScatterPerMoeLayerReplaceTwoAllReducesPerLayer() {
    IterationTime dp = new IterationTime(qwen(true));
    IterationTime tp = new IterationTime(qwen(false));
    double dpComm = part(dp.explain(0, 0, 2048, 2048L * 1500), "tpCommunication");
    double tpComm = part(tp.explain(0, 0, 2048, 2048L * 1500), "tpCommunication");
    // an all-reduce is a reduce-scatter and an all-gather: half the traffic, and no logits gather
    assertThat(dpComm / tpComm).isBetween(0.4, 0.6);
  }

  @Test
  void theBusiestExpertRankCarriesMoreThanItsShareAtSmallBatch() {
    InferenceDeployment d = qwen(true);
    KernelTimes k = KernelTimes.of(d.gpu(), Precision.FP4, "fa3");
    MoeFeedForward moe = new MoeFeedForward(d, k, (cols, inner) -> k.gemm(cols, inner, 0.5625, 0.5625, 2), 2, 0.5625);
    // 8 tokens x top-8 = 64 copies over 8 ranks: mean 8, plus sqrt(2 x 8 x 7/8 x ln 8) = 5.40
    assertThat(moe.busiestRankRows(8)).isCloseTo(8 + Math.sqrt(14 * Math.log(8)), within(1e-9));
    assertThat(moe.busiestRankRows(100_000) / 100_000).isCloseTo(1, within(0.01));
  }

  @Test
  void attentionDataParallelismNeedsExpertsSpreadOverTheSameGpus() {
    InferenceRequest dense = InferenceRequest.of("llama-3.1-70b", "b200")
        .with(ReplicaLayout.builder().tp(8).attentionDp(true).build());
    assertThatThrownBy(() -> dense.toDeployment(Deployments.CATALOG)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("is dense");
    InferenceRequest sliced = InferenceRequest.of("qwen3-235b-a22b", "b200")
        .with(ReplicaLayout.builder().tp(8).ep(1).attentionDp(true).build());
    assertThatThrownBy(() -> sliced.toDeployment(Deployments.CATALOG)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("use --ep 8");
  }

  private static double part(List<Part> parts, String name) {
    return Part.find(parts, name).value();
  }
}
