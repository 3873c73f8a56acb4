package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;

/**
 * GPT-3 175B, TP 8, PP 8, micro-batch 1, sequence 2048: per-layer activations from Korthikanti et al. 2022
 * Table 2 (worked in shared/reference/training-model.md section 4.1) and the 18 B/param model state of
 * Korthikanti Fig. 1.
 */
class KorthikantiActivationTest {
  private static final double MIB = 1024.0 * 1024;

  private static double perLayerMiB(boolean sp, Recompute recompute, AttentionImpl attention) {
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb",
        Jobs.layout(8, 8, 16, 1, sp, recompute, Sharding.NONE), 2048, 1536, "megatron", attention);
    return ActivationMemory.storedPerLayer(job, false).value() / MIB;
  }

  @Test
  void tensorParallelOnlyWithoutFlashIs552MiB() {
    assertThat(perLayerMiB(false, Recompute.NONE, AttentionImpl.EAGER)).isCloseTo(552, within(1.0));
  }

  @Test
  void selectiveRecomputeIs312MiB() {
    assertThat(perLayerMiB(false, Recompute.SELECTIVE, AttentionImpl.EAGER)).isCloseTo(312, within(1.0));
  }

  @Test
  void sequenceParallelWithSelectiveIs102MiB() {
    assertThat(perLayerMiB(true, Recompute.SELECTIVE, AttentionImpl.EAGER)).isCloseTo(102, within(1.0));
  }

  @Test
  void fullRecomputeKeeps48MiB() {
    assertThat(perLayerMiB(false, Recompute.FULL, AttentionImpl.EAGER)).isCloseTo(48, within(0.5));
  }

  @Test
  void flashAttentionMatchesSelectiveRecomputeFootprint() {
    assertThat(perLayerMiB(false, Recompute.NONE, AttentionImpl.FLASH)).isCloseTo(312, within(1.0));
  }

  @Test
  void modelStateOfTransformerLayersIs45_56GiBAt18BytesPerParam() {
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb",
        Jobs.layout(8, 8, 16, 1, true, Recompute.SELECTIVE, Sharding.NONE), 2048, 1536, "megatron",
        AttentionImpl.FLASH);
    MemoryEstimate e = new TrainingMemoryEstimator().stage(job, 3); // a middle stage: layers only
    double state = e.part("weights").value() + e.part("gradients").value() + e.part("masterWeights").value()
        + e.part("optimizerStates").value();
    assertThat(state / (1024.0 * 1024 * 1024)).isCloseTo(45.56, within(0.05));
  }
}
