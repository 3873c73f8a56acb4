package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;

/** KV bytes per token worked by hand (shared/reference inference-network-storage.md 2.1). */
class KvCacheSizeTest {
  private static ModelSpec model(String name) {
    return Deployments.CATALOG.model(name);
  }

  private static double perToken(String name, int tp, Precision kv) {
    ModelSpec m = model(name);
    return m.layers() * KvCacheSize.bytesPerTokenPerLayer(m, tp, kv);
  }

  @Test
  void llama31With70bGqaKeepsTwoVectorsOfEightHeadsPerLayer() {
    // 2 (K, V) x 80 layers x 8 KV heads x 128 x 2 B
    assertThat(perToken("llama-3.1-70b", 1, Precision.BF16)).isEqualTo(327_680);
    assertThat(perToken("llama-3.1-70b", 8, Precision.BF16)).isEqualTo(327_680 / 8);
    assertThat(perToken("llama-3.1-70b", 1, Precision.FP8)).isEqualTo(163_840);
  }

  @Test
  void beyondTheKvHeadsTpReplicatesThem() {
    // TP 16 over 8 KV heads: every rank still holds one whole head, as at TP 8
    assertThat(perToken("llama-3.1-70b", 16, Precision.BF16)).isEqualTo(perToken("llama-3.1-70b", 8, Precision.BF16));
    assertThat(KvCacheSize.kvHeadsPerRank(model("llama-3.1-70b"), 16)).isEqualTo(1);
  }

  @Test
  void mhaAndMqa() {
    // Llama-2-7B MHA: 2 x 32 layers x 32 heads x 128 x 2 B = 512 KiB (reference table)
    assertThat(perToken("llama-2-7b", 1, Precision.BF16)).isEqualTo(512 * 1024);
    // Falcon-7B multi-query: one KV head of 64 over 32 layers, replicated at any TP
    ModelSpec falcon = model("falcon-7b");
    assertThat(falcon.kvHeads()).isEqualTo(1);
    assertThat(perToken("falcon-7b", 1, Precision.BF16)).isEqualTo(2.0 * 32 * 1 * 64 * 2);
    assertThat(perToken("falcon-7b", 4, Precision.BF16)).isEqualTo(perToken("falcon-7b", 1, Precision.BF16));
  }

  @Test
  void deepSeekV3MlaCachesTheLatentAndTheRotaryKeyOnEveryRank() {
    // 61 layers x (kv_lora_rank 512 + qk_rope_head_dim 64) x 2 B = 70,272 B = 68.6 KiB (reference table)
    assertThat(perToken("deepseek-v3", 1, Precision.BF16)).isEqualTo(61 * 576 * 2);
    assertThat(perToken("deepseek-v3", 8, Precision.BF16)).isEqualTo(61 * 576 * 2);
    assertThat(perToken("deepseek-v3", 8, Precision.FP8)).isEqualTo(61 * 576);
  }
}
