package org.llmplan.train;

import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.hardware.Precision;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/**
 * The Hugging Face eager layer, worked by hand for Llama-3.2-1B dimensions (h 2048, 32 heads of 64, 8 KV
 * heads, FFN 8192), s 1024, b 1, BF16, eager attention, bytes per token per layer:
 * RMSNorms 2 x 6h, QKV input 2h, RoPE 4(q + kv), matmul inputs 6q, o_proj input 2q, MLP input 2h,
 * MLP 8f = 16h + 12q + 4kv + 8f = 124,928 B; plus scores (4 + 2) x heads x s x s = 201,326,592 B.
 */
class HfEagerActivationTest {
  private static final ModelSpec LLAMA_1B = new ModelSpec("llama-1b-shape", List.of(), "llama", 16, 2048, 32, 8, 64,
      8192, true, 128256, true, 131072, NormKind.RMS, 2, Positional.ROPE, 0, LinearBias.NONE, false, false, false,
      null, null, null, "test", null);

  private static TrainingJob job(AttentionImpl attention, Recompute recompute) {
    FrameworkProfile hf = Jobs.CATALOG.framework("hf");
    Parallelism p = new Parallelism(1, 1, 1, 1, 1, 1, 1, false, Sharding.NONE, 0, recompute, OffloadTarget.NONE,
        OffloadTarget.NONE, 0, 0);
    return new TrainingJob(LLAMA_1B, Jobs.CATALOG.gpu("h100-sxm"), 1, 8, p, 1024, 1, Precision.BF16, hf.policy(),
        Optimizer.ADAMW, hf, attention, 0, Jobs.NDR);
  }

  @Test
  void eagerLayerKeepsWhatTheAutogradGraphSaves() {
    double bytes = ActivationMemory.storedPerLayer(job(AttentionImpl.EAGER, Recompute.NONE), false).value();
    assertThat(bytes).isEqualTo(124_928.0 * 1024 + 201_326_592);
  }

  @Test
  void sdpaReplacesTheScoresWithItsOutputAndLogSumExp() {
    double bytes = ActivationMemory.storedPerLayer(job(AttentionImpl.SDPA, Recompute.NONE), false).value();
    assertThat(bytes).isEqualTo(124_928.0 * 1024 + 2.0 * 2048 * 1024 + 4.0 * 32 * 1024);
  }

  @Test
  void gradientCheckpointingKeepsOnlyLayerInputs() {
    double bytes = ActivationMemory.storedPerLayer(job(AttentionImpl.SDPA, Recompute.FULL), false).value();
    assertThat(bytes).isEqualTo(2.0 * 2048 * 1024);
  }

  @Test
  void hfKeepsMoreThanMegatronForTheSameLayer() {
    TrainingJob hf = job(AttentionImpl.SDPA, Recompute.NONE);
    FrameworkProfile megatron = Jobs.CATALOG.framework("megatron");
    TrainingJob mg = new TrainingJob(hf.model(), hf.gpu(), 1, 8, hf.parallelism(), 1024, 1, Precision.BF16,
        megatron.policy(), Optimizer.ADAMW, megatron, AttentionImpl.FLASH, 0, Jobs.NDR);
    assertThat(ActivationMemory.storedPerLayer(hf, false).value())
        .isGreaterThan(ActivationMemory.storedPerLayer(mg, false).value());
  }
}
