package org.llmplan.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Efficiency.GemmTile;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.IterationTime;
import org.llmplan.infer.WeightFormat;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.train.Optimizer;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

class KernelTimesTest {
  private static final Catalog CATALOG = Catalog.embedded();
  /** 1 PFLOP/s of math; HBM so fast that every product here is compute-bound. */
  private static final double RATE = 1e15;
  private static final double HBM = 1e21;
  /** Four SMs of 128 x 256 tiles: one wave is four tiles. */
  private static final GemmTiles FOUR_SMS = new GemmTiles(List.of(new GemmTile(128, 256)), 4);

  /** 2 x tile cols x inner FLOPs per row of tile height, on each of the 4 SMs, at 1/4 of the rate each. */
  private static double waveSeconds(double tileRows, double inner) {
    return 4 * 2 * 256 * inner * tileRows / RATE;
  }

  @Test
  void oneRowMoreThanAFullWaveOfTilesCostsAWholeSecondWave() {
    // cols 1024 = 4 tiles across: 128 rows fill the 4 SMs once; row 129 starts a second row of 4 tiles.
    Gemm g = new Gemm(1024, 2048, 2, 2, 2, RATE, HBM, FOUR_SMS);
    assertThat(g.seconds(128)).isCloseTo(waveSeconds(128, 2048), withinPercentage(1e-6));
    assertThat(g.seconds(129)).isCloseTo(2 * waveSeconds(128, 2048), withinPercentage(1e-6));
    assertThat(g.seconds(256)).isCloseTo(g.seconds(129), withinPercentage(1e-9));
  }

  @Test
  void columnsOneTilePastAFullWaveAlsoCostTheExtraWave() {
    // 1025 columns are 5 tiles across: 5 tiles on 4 SMs take two waves.
    Gemm g = new Gemm(1025, 2048, 2, 2, 2, RATE, HBM, FOUR_SMS);
    assertThat(g.seconds(128)).isCloseTo(2 * waveSeconds(128, 2048), withinPercentage(1e-6));
  }

  @Test
  void belowOneFullWaveSplitKFillsTheMachineSoOnlyTheUsefulFlopsCount() {
    Gemm g = new Gemm(512, 2048, 2, 2, 2, RATE, HBM, FOUR_SMS); // 2 tiles of 64 rows: less than a wave
    assertThat(g.seconds(64)).isCloseTo(2 * 64 * 512 * 2048 / RATE, withinPercentage(1e-6));
  }

  @Test
  void aSecondTileShapeIsUsedWhereItWastesLess() {
    // 192 rows: two waves of 128-row tiles (256 rows of work) or three of 64-row tiles (192 rows).
    GemmTiles both = new GemmTiles(List.of(new GemmTile(128, 256), new GemmTile(64, 256)), 4);
    Gemm g = new Gemm(1024, 2048, 2, 2, 2, RATE, HBM, both);
    assertThat(g.seconds(192)).isCloseTo(3 * waveSeconds(64, 2048), withinPercentage(1e-6));
  }

  @Test
  void theOneShotGemmOfTrainingIsTheSameFormulaAsTheKeptShapeOfServing() {
    KernelTimes k = KernelTimes.of(CATALOG.gpu("h100-sxm"), Precision.BF16, "fa3");
    Gemm kept = k.gemm(14336, 4096, 2, 2, 2);
    for (int rows : new int[] {1, 63, 64, 65, 200, 1024, 1025, 4096, 8193}) {
      assertThat(k.gemm(rows, 14336, 4096, 2)).as("rows %d", rows)
          .isCloseTo(kept.seconds(rows), withinPercentage(1e-9));
    }
  }

  @Test
  void aShapeOfWholeWavesReachesTheCatalogsGemmShareOfPeakAtTheSustainedClock() {
    Accelerator h100 = CATALOG.gpu("h100-sxm");
    Efficiency eff = h100.efficiency();
    KernelTimes k = KernelTimes.of(h100, Precision.BF16, "fa3");
    // 132 x 128 rows by 8 x 256 columns: exactly 8 waves of tiles on 132 SMs, compute-bound.
    double rows = 132 * 128;
    double cols = 8 * 256;
    double inner = 8192;
    double achieved = 2 * rows * cols * inner / k.gemm(rows, cols, inner, 2);
    assertThat(achieved / h100.peakFlops(Precision.BF16)).isCloseTo(eff.gemm() * eff.sustainedClock(), within(1e-3));
    double fp8 = 2 * rows * cols * inner / KernelTimes.of(h100, Precision.FP8, "fa3").gemm(rows, cols, inner, 1);
    assertThat(fp8 / h100.peakFlops(Precision.FP8)).isCloseTo(eff.gemmFp8() * eff.sustainedClock(), within(1e-3));
  }

  @Test
  void flashAttentionAndStreamsRunAtTheCatalogsShares() {
    Accelerator h100 = CATALOG.gpu("h100-sxm");
    Efficiency eff = h100.efficiency();
    KernelTimes k = KernelTimes.of(h100, Precision.BF16, "fa3");
    double peak = h100.peakFlops(Precision.BF16) * eff.sustainedClock();
    assertThat(1e15 / k.flashForward(1e15)).isCloseTo(peak * eff.attention("fa3").forward(), withinPercentage(1e-9));
    assertThat(2.5e15 / k.flashBackward(1e15)).isCloseTo(peak * eff.attention("fa3").backward(),
        withinPercentage(1e-9));
    assertThat(3e12 / k.stream(3e12)).isCloseTo(h100.hbmBytesPerSecond() * eff.memory(), withinPercentage(1e-9));
    assertThat(k.kernelSeconds()).isEqualTo(eff.kernelMicros() * 1e-6);
    // A kernel it has no measurement of runs at FlashAttention-2's share.
    KernelTimes unknown = KernelTimes.of(h100, Precision.BF16, "no-such-kernel");
    assertThat(unknown.flashForward(1e15)).isEqualTo(KernelTimes.of(h100, Precision.BF16, "fa2").flashForward(1e15));
  }

  @Test
  void calibratingOneAcceleratorsGemmShareMovesBothATrainingStepAndAServingIteration() {
    Accelerator measured = CATALOG.gpu("h100-sxm");
    Efficiency e = measured.efficiency();
    Accelerator slower = measured.withEfficiency(new Efficiency(e.gemm() * 0.75, e.gemmFp8(), e.kernelMicros(),
        e.memory(), e.attention(), e.scaleUpBus(), e.ncclSmShare(), e.sustainedClock(), e.gemmTiles(),
        "calibrated: GEMMs at three quarters of the catalog's share"));

    double step = trainingStep(measured);
    double calibratedStep = trainingStep(slower);
    assertThat(calibratedStep).isGreaterThan(step * 1.1);

    double prefill = new IterationTime(deployment(measured)).seconds(8192, 8192L * 8193 / 2, 0, 0);
    double calibratedPrefill = new IterationTime(deployment(slower)).seconds(8192, 8192L * 8193 / 2, 0, 0);
    assertThat(calibratedPrefill).isGreaterThan(prefill * 1.1);
  }

  @Test
  void anAcceleratorWithoutMeasurementsAssumesTheCeilingsItsEntryNames() {
    Accelerator b200 = CATALOG.gpu("b200");
    assertThat(b200.efficiencyFrom()).isEqualTo("h100-sxm");
    assertThat(b200.efficiency()).isEqualTo(CATALOG.gpu("h100-sxm").efficiency());
    assertThat(b200.sms()).isZero(); // an SM count is the accelerator's own; not known here
  }

  @Test
  void anAcceleratorWithoutCeilingsGetsATimeErrorThatSaysWhatToAdd() {
    Accelerator bare = CATALOG.gpu("h100-sxm").withEfficiency(null);
    assertThatThrownBy(() -> KernelTimes.of(bare, Precision.BF16, "fa2")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("efficiency").hasMessageContaining("efficiencyFrom");
  }

  private static double trainingStep(Accelerator gpu) {
    FrameworkProfile megatron = CATALOG.framework("megatron");
    Parallelism p = new Parallelism(1, 1, 8, 1, 1, 1, 1, false, Sharding.DISTRIBUTED_OPTIMIZER, 0, Recompute.NONE,
        OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    TrainingJob job = new TrainingJob(CATALOG.model("llama-3.1-8b"), gpu, 8, 8, p, 4096, 64, Precision.BF16,
        megatron.policy(), Optimizer.ADAMW, megatron, AttentionImpl.FLASH, 0, new ScaleOut("ib-ndr", 8, 400, 0.94));
    return new TrainingTimeEstimator().estimate(job).stepSeconds();
  }

  private static InferenceDeployment deployment(Accelerator gpu) {
    ModelSpec m = CATALOG.model("llama-3.1-8b");
    return new InferenceDeployment(m, gpu, 1, 1, 1, false, WeightFormat.BF16, 128, Precision.BF16,
        CATALOG.engine("vllm"), 256, 8192, 0.9, 16, 8192, true, 8, new ScaleOut("ib-ndr", 8, 400, 0.94));
  }
}
