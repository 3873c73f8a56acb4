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

/** DeepSpeed offload costs its transfers over PCIe (ZeRO-Offload / ZeRO-Infinity data flow), worked by hand. */
class OffloadTimeTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();

  private static TrainingJob job(String gpu, String optimizer, String params) {
    return TrainingRequest.of("llama-3-8b").with(HardwareChoice.builder().gpu(gpu).gpus(1).build())
        .with(LayoutChoice.builder().sharding("zero3").microBatch(1).recompute("full").offloadOptimizer(optimizer)
            .offloadParams(params).build())
        .with(BatchShape.builder().globalBatch(8).seq(2048).build())
        .with(FrameworkOptions.builder().framework("deepspeed").build()).toJob(CATALOG);
  }

  @Test
  void optimizerOffloadSendsGradientsDuringBackwardAndParametersBackAfterTheStep() {
    TrainingJob j = job("h100", "cpu", "none");
    StepTimes t = time.stepTimes(j);
    double params = TrainingTimeEstimator.paramsPerRank(j, j.model().parameters());
    double pcie = 64e9; // PCIe Gen5 x16, one direction
    double backwardPerMicro = t.backward() / t.microBatches();
    double expected = t.microBatches() * Math.max(0, 2 * params / pcie - backwardPerMicro) + 2 * params / pcie;
    assertThat(t.offload()).isCloseTo(expected, within(1e-9));
    // 8 B parameters: 16 GB back over 64 GB/s is at least a quarter of a second a step
    assertThat(t.offload()).isGreaterThanOrEqualTo(0.25);
    assertThat(t.total()).isCloseTo(time.estimate(j).stepSeconds(), within(1e-9));
  }

  @Test
  void parameterOffloadFetchesEveryMicroBatchAndNvmeIsSlowerThanHostMemory() {
    StepTimes none = time.stepTimes(job("h100", "none", "none"));
    StepTimes cpu = time.stepTimes(job("h100", "cpu", "cpu"));
    StepTimes nvme = time.stepTimes(job("h100", "nvme", "nvme"));
    assertThat(none.offload()).isZero();
    assertThat(cpu.offload()).isGreaterThan(0);
    assertThat(nvme.offload()).isGreaterThan(cpu.offload());
    // on one H100 the whole model crosses PCIe twice a micro-batch: 2 x 16 GB / 64 GB/s = 0.5 s, so each of
    // the 8 micro-batches lasts at least that long (what used to come out at 52 % MFU)
    assertThat(cpu.total()).isGreaterThanOrEqualTo(8 * 0.5);
  }

  @Test
  void aPcieGen4GpuTakesTwiceAsLongForTheSameBytes() {
    TrainingJob a100 = job("a100-80gb", "cpu", "none");
    double params = TrainingTimeEstimator.paramsPerRank(a100, a100.model().parameters());
    StepTimes t = time.stepTimes(a100);
    double backwardPerMicro = t.backward() / t.microBatches();
    double expected = t.microBatches() * Math.max(0, 2 * params / 32e9 - backwardPerMicro) + 2 * params / 32e9;
    assertThat(t.offload()).isCloseTo(expected, within(1e-9));
  }
}
