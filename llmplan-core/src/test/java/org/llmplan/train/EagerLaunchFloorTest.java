package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;

/**
 * Eager PyTorch launches each op from Python: no kernel ends sooner than the 13.6 us a one-element add takes back
 * to back on H100 (shared/reference/h100-microbenchmarks.md); compiled and fused frameworks only pay the tail.
 */
class EagerLaunchFloorTest {
  private static TrainingJob job(String framework) {
    return TrainingRequest.of("qwen2.5-0.5b").with(HardwareChoice.builder().gpu("h100").gpus(1).build())
        .with(LayoutChoice.builder().microBatch(1).build())
        .with(BatchShape.builder().globalBatch(1).seq(128).build())
        .with(FrameworkOptions.builder().framework(framework).build()).toJob(Catalog.embedded());
  }

  @Test
  void tinyEagerKernelsCostTheLaunchFloor() {
    StepKernels hf = new StepKernels(job("hf"));
    assertThat(hf.gemm(1, 1, 1, 2)).isEqualTo(StepKernels.EAGER_KERNEL_SECONDS);
    assertThat(hf.stream(1_000, 5)).isCloseTo(5 * 13.6e-6, within(1e-12));
    // a large GEMM is far above the floor and keeps its roofline time
    StepKernels megatron = new StepKernels(job("megatron"));
    assertThat(hf.gemm(8192, 8192, 8192, 2)).isEqualTo(megatron.gemm(8192, 8192, 8192, 2));
    assertThat(megatron.gemm(1, 1, 1, 2)).isLessThan(StepKernels.EAGER_KERNEL_SECONDS);
  }

  @Test
  void aTinyEagerStepIsLaunchBound() {
    // at 128 tokens the step of a 24-layer model barely changes when the tokens double: the host sets the pace
    TrainingTimeEstimator time = new TrainingTimeEstimator();
    double short128 = time.stepTimes(job("hf")).forward();
    TrainingJob longer = TrainingRequest.of("qwen2.5-0.5b").with(HardwareChoice.builder().gpu("h100").gpus(1).build())
        .with(LayoutChoice.builder().microBatch(1).build()).with(BatchShape.builder().globalBatch(1).seq(256).build())
        .with(FrameworkOptions.builder().framework("hf").build()).toJob(Catalog.embedded());
    assertThat(time.stepTimes(longer).forward() / short128).isLessThan(1.3);
    assertThat(new StepKernels(job("hf")).isFor(job("megatron"))).isFalse();
  }
}
