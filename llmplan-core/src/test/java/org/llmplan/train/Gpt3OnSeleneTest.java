package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

/**
 * GPT-3 175B on 1024 A100-80GB (Narayanan et al. 2021; shared/reference/training-model.md section 2): TP 8,
 * PP 8, DP 16, global batch 1536, micro-batch 1, full recompute, FP16, Megatron-LM's local DDP. Megatron
 * measured about 140 TFLOP/s per GPU (hardware FLOPs, 4.511e18 per iteration), 29.6-31.5 s per iteration.
 * Ratchet: the best level reached so far (6.4 %); the target is 7 %: met.
 */
class Gpt3OnSeleneTest {
  private static final double RATCHET_PCT = 5.2; // reached 5.1 % against 140 TFLOP/s (one kernel-time model); target 7 %

  @Test
  void throughputIsWithinTheRatchetOfMegatronsMeasurement() {
    TrainingRequest request = TrainingRequest.of("gpt3-175b")
        .with(HardwareChoice.builder().gpu("a100-80gb").node("dgx-a100").gpus(1024).build())
        .with(LayoutChoice.builder().tp(8).pp(8).microBatch(1).sharding("none").recompute("full")
            .sequenceParallel(false).build())
        .with(BatchShape.builder().globalBatch(1536).seq(2048).build())
        .with(PrecisionRecipe.builder().precision("fp16").build())
        .with(FrameworkOptions.builder().framework("megatron-2021").overlapGradReduce(false).build());
    TrainingJob job = request.toJob(Catalog.embedded());
    double step = new TrainingTimeEstimator().estimate(job).stepSeconds();
    double tflopsPerGpu = 4.511e18 / step / 1024 / 1e12;
    double errorPct = (tflopsPerGpu - 140) / 140 * 100;
    System.out.printf("GPT-3 175B on 1024 A100: %.1f s per step, %.1f TFLOP/s per GPU, %+.1f %% vs 140%n", step,
        tflopsPerGpu, errorPct);
    assertThat(Math.abs(errorPct)).isLessThanOrEqualTo(RATCHET_PCT);
    assertThat(step).isBetween(26.0, 32.0);
  }
}
