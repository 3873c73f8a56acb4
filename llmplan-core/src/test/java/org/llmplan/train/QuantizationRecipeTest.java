package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Precision;
import org.llmplan.kernel.KernelTimes;
import org.llmplan.request.BatchShape;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.request.TrainingRequest;

/** Low-precision recipes as separate choices: their names, cast bytes, rates and where they are refused. */
class QuantizationRecipeTest {
  private static TrainingJob llama70b(String gpu, String precision) {
    return TrainingRequest.of("llama-3-70b")
        .with(HardwareChoice.builder().gpu(gpu).gpus(64).build())
        .with(LayoutChoice.builder().tp(4).pp(4).microBatch(1).sequenceParallel(true).build())
        .with(BatchShape.builder().globalBatch(256).seq(8192).build())
        .with(PrecisionRecipe.builder().precision(precision).build())
        .toJob(Jobs.CATALOG);
  }

  private static double step(TrainingJob job) {
    return new TrainingTimeEstimator().stepTimes(job).total();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"fp8, FP8_DELAYED, FP8", "FP8-CS, FP8_CURRENT, FP8", "fp8-blockwise, FP8_BLOCKWISE, FP8",
      "fp8-mx, MXFP8, FP8", "mxfp8, MXFP8, FP8", "fp4, NVFP4, FP4", "nvfp4, NVFP4, FP4", "bf16, NONE, BF16"})
  void precisionTextNamesARecipeAndItsGemmFormat(String text, QuantizationRecipe recipe, Precision gemm) {
    assertThat(QuantizationRecipe.parse(text)).isEqualTo(recipe);
    assertThat(QuantizationRecipe.computePrecision(text)).isEqualTo(gemm);
  }

  /**
   * Bytes per 16-bit GEMM input: delayed scaling reads 2 and writes 1 (3), and in backward casts the gradient
   * (3) and transposes the FP8 copy (1 + 1); current scaling reads the tensor once more for its amax; MXFP8
   * writes row- and column-wise copies with one E8M0 scale per 32 elements.
   */
  @Test
  void castBytesFollowEachRecipesKernels() {
    assertThat(QuantizationRecipe.FP8_DELAYED.forwardCastBytes()).isEqualTo(3);
    assertThat(QuantizationRecipe.FP8_DELAYED.backwardCastBytes()).isEqualTo(5);
    assertThat(QuantizationRecipe.FP8_CURRENT.forwardCastBytes()).isEqualTo(5);
    assertThat(QuantizationRecipe.MXFP8.forwardCastBytes()).isEqualTo(2 + 2 * (1 + 1.0 / 32));
    assertThat(QuantizationRecipe.NVFP4.forwardCastBytes()).isEqualTo(2 + 2 + 2 * (0.5 + 1.0 / 16));
    assertThat(QuantizationRecipe.NONE.forwardCastBytes()).isZero();
  }

  /** --precision fp4 runs FP4 GEMMs at the FP4 peak (B200: 9000 dense TFLOP/s, twice FP8), not at BF16. */
  @Test
  void fp4GemmsRunAtTheFp4Rate() {
    var b200 = Jobs.CATALOG.gpu("b200");
    double fp4 = KernelTimes.of(b200, Precision.FP4, "fa3").gemmCompute(1e15);
    double fp8 = KernelTimes.of(b200, Precision.FP8, "fa3").gemmCompute(1e15);
    double bf16 = KernelTimes.of(b200, Precision.BF16, "fa3").gemmCompute(1e15);
    assertThat(fp8 / fp4).isCloseTo(2, withinPercentage(1e-6));
    assertThat(bf16 / fp4).isGreaterThan(3);
  }

  @Test
  void fp4IsRefusedInOneLineWhereTheGpuHasNoFp4() {
    assertThatThrownBy(() -> llama70b("h100-sxm", "fp4")).isInstanceOf(InvalidValueException.class)
        .hasMessage("h100-sxm has no fp4 mode; choose another precision or GPU");
  }

  @Test
  void microscaledFormatsNeedBlockScaledTensorCores() {
    assertThatThrownBy(() -> llama70b("h100-sxm", "mxfp8")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("h100-sxm has no block-scaled (MX/NV) tensor cores for mxfp8");
    assertThat(llama70b("b200", "mxfp8").recipe()).isEqualTo(QuantizationRecipe.MXFP8);
  }

  /** On one GPU, fewer bits are faster and more cast traffic slower: nvfp4 < mxfp8, delayed < current < bf16. */
  @Test
  void recipesOrderByTheirRatesAndCastTraffic() {
    assertThat(step(llama70b("b200", "nvfp4"))).isLessThan(step(llama70b("b200", "mxfp8")));
    assertThat(step(llama70b("b200", "mxfp8"))).isLessThan(step(llama70b("b200", "bf16")));
    assertThat(step(llama70b("h100-sxm", "fp8-delayed"))).isLessThan(step(llama70b("h100-sxm", "fp8-current")));
    assertThat(step(llama70b("h100-sxm", "fp8-current"))).isLessThan(step(llama70b("h100-sxm", "bf16")));
  }

  @Test
  void theRecipeSurvivesAChangedLayout() {
    TrainingJob job = llama70b("b200", "mxfp8");
    assertThat(job.with(job.parallelism(), 512).recipe()).isEqualTo(QuantizationRecipe.MXFP8);
    assertThat(job.precisionLabel()).isEqualTo("mxfp8");
  }
}
