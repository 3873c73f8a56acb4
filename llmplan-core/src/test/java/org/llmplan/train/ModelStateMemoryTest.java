package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;

/**
 * Model-state bytes per GPU against the ZeRO table of shared/reference/training-model.md section 4.2:
 * GPT-3 175B, TP 8, PP 8, DP 16, a middle pipeline stage (12 layers, 2.72e9 parameters per GPU).
 */
class ModelStateMemoryTest {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private static double stateGiB(String framework, Sharding sharding) {
    return stateGiB(framework, sharding, OffloadTarget.NONE, OffloadTarget.NONE);
  }

  private static double stateGiB(String framework, Sharding sharding, OffloadTarget optimizer,
      OffloadTarget params) {
    Parallelism p = new Parallelism(8, 8, 16, 1, 1, 1, 1, true, sharding, 0, Recompute.SELECTIVE, optimizer, params, 0, 0);
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb", p, 2048, 1536, framework, AttentionImpl.FLASH);
    MemoryEstimate e = new TrainingMemoryEstimator().stage(job, 3);
    return (e.part("parameters").value() + e.part("gradients").value() + e.part("masterWeights").value()
        + e.part("optimizerStates").value()) / GIB;
  }

  @ParameterizedTest(name = "{0} {1}: {2} GiB")
  @CsvSource({
      "megatron, NONE, 45.56",                  // 18 B/param (Korthikanti Fig. 1)
      "megatron, DISTRIBUTED_OPTIMIZER, 17.09", // (6 + 12/d) B/param
      "deepspeed, NONE, 40.50",                 // ZeRO-0: 16 B/param
      "deepspeed, ZERO1, 12.03",                // 4 + 12/d
      "deepspeed, ZERO2, 7.28",                 // 2 + 14/d
      "deepspeed, ZERO3, 2.53"                  // 16/d
  })
  void matchesTheZeroTable(String framework, Sharding sharding, double expectedGiB) {
    assertThat(stateGiB(framework, sharding)).isCloseTo(expectedGiB, within(0.05));
  }

  @Test
  void optimizerOffloadLeavesOnlyParametersOnTheGpu() {
    // DeepSpeed estimator, ZeRO-2 + optimizer offload: GPU = 2 * params.
    assertThat(stateGiB("deepspeed", Sharding.ZERO2, OffloadTarget.CPU, OffloadTarget.NONE))
        .isCloseTo(2 * 2.718e9 / GIB, within(0.05));
  }

  @Test
  void offloadedStateLandsInHostMemoryWithDeepSpeedsBufferFactor() {
    Parallelism p = new Parallelism(8, 8, 16, 1, 1, 1, 1, true, Sharding.ZERO2, 0, Recompute.SELECTIVE,
        OffloadTarget.CPU, OffloadTarget.NONE, 0, 0);
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb", p, 2048, 1536, "deepspeed", AttentionImpl.FLASH);
    MemoryEstimate e = new TrainingMemoryEstimator().stage(job, 3);
    // per GPU: (2 grads + 4 master + 8 Adam) * params / 16 shards, x 1.5 buffer factor, x 8 GPUs per node
    double expected = 14 * 2.718e9 / 16 * 1.5 * 8;
    assertThat(e.hostBytesPerNode()).isCloseTo(expected, within(expected * 0.01));
  }

  @Test
  void fp8AddsTheWeightCacheOfTwoBytesPerParameter() {
    Parallelism p = new Parallelism(8, 8, 16, 1, 1, 1, 1, true, Sharding.NONE, 0, Recompute.SELECTIVE,
        OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    TrainingJob bf16 = Jobs.job("gpt3-175b", "h100-sxm", p, 2048, 1536, "megatron", AttentionImpl.FLASH);
    TrainingJob fp8 = new TrainingJob(bf16.model(), bf16.gpu(), bf16.gpus(), 8, p, 2048, 1536,
        org.llmplan.hardware.Precision.FP8, bf16.policy(), bf16.optimizer(), bf16.framework(), bf16.attention(), 0,
        Jobs.NDR);
    double extra = new TrainingMemoryEstimator().stage(fp8, 3).part("weights").value()
        - new TrainingMemoryEstimator().stage(bf16, 3).part("weights").value();
    assertThat(extra / GIB).isCloseTo(2 * 2.718e9 / GIB, within(0.05));
  }
}
