package org.llmplan.train;

import org.llmplan.request.TrainingRequest;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * GPT-3 175B on 1024 A100-80GB (Narayanan et al. 2021; shared/reference/training-model.md section 2): TP 8,
 * PP 8, DP 16, global batch 1536, micro-batch 1, full recompute, FP16, Megatron-LM's local DDP. Megatron
 * measured about 140 TFLOP/s per GPU (hardware FLOPs, 4.511e18 per iteration), 29.6-31.5 s per iteration.
 * Ratchet: the best level reached so far (6.4 %); the target is 7 %: met.
 */
class Gpt3OnSeleneTest {
  private static final double RATCHET_PCT = 6.5; // reached 6.4 % against 140 TFLOP/s; target 7 %

  @Test
  void throughputIsWithinTheRatchetOfMegatronsMeasurement() {
    TrainingRequest request = new TrainingRequest("gpt3-175b", "a100-80gb", null, "dgx-a100", 1024, null, 8, 8,
        null, null, null, null, 1, 1536, null, 2048, "none", null, "full", false, "fp16", null, null,
        "megatron-2021", null, null, null, null, null, false, null, null);
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
