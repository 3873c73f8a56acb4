package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.kernel.KernelTimes;

/** Bytes, math and names of the weight formats, worked by hand from the format specifications. */
class WeightFormatTest {
  private static final Accelerator B200 = Deployments.CATALOG.gpu("b200");
  private static final Accelerator H100 = Deployments.CATALOG.gpu("h100");

  @Test
  void blockScaledFp4FormatsCarryOneScaleBytePerBlock() {
    // NVFP4: 16 E2M1 values (8 B) + one E4M3 scale (1 B) = 9 B per 16 weights
    assertThat(WeightFormat.NVFP4.bytesPerWeight(128)).isEqualTo(9.0 / 16);
    // MXFP4 (OCP MX v1.0): 32 E2M1 values (16 B) + one E8M0 scale (1 B) = 17 B per 32 weights
    assertThat(WeightFormat.MXFP4.bytesPerWeight(128)).isEqualTo(17.0 / 32);
    // the block is fixed by the format: a user group size does not change it
    assertThat(WeightFormat.NVFP4.bytesPerWeight(32)).isEqualTo(9.0 / 16);
  }

  @Test
  void weightOnly4BitGroupsCarryAnFp16ScaleAndA4BitZero() {
    // AWQ/GPTQ group 128: 64 B of values + 2 B scale + 0.5 B zero = 66.5 B per 128 weights
    assertThat(WeightFormat.INT4.bytesPerWeight(128)).isEqualTo(66.5 / 128);
    assertThat(WeightFormat.INT4.bytesPerWeight(64)).isEqualTo(34.5 / 64);
    assertThat(WeightFormat.FP8.bytesPerWeight(128)).isEqualTo(1);
  }

  @Test
  void fp4RunsOnFp4TensorCoresOnlyWhereTheGpuHasThem() {
    assertThat(WeightFormat.NVFP4.math(B200)).isEqualTo(Precision.FP4);
    assertThat(WeightFormat.NVFP4.quantizesActivations(B200)).isTrue();
    assertThat(WeightFormat.NVFP4.activationBytes(B200)).isEqualTo(9.0 / 16);
    // Hopper has no FP4 tensor cores: weights dequantized inside a 16-bit GEMM (W4A16)
    assertThat(WeightFormat.NVFP4.math(H100)).isEqualTo(Precision.BF16);
    assertThat(WeightFormat.NVFP4.activationBytes(H100)).isEqualTo(2);
    // AWQ/GPTQ stay weight-only even on Blackwell
    assertThat(WeightFormat.INT4.math(B200)).isEqualTo(Precision.BF16);
  }

  @Test
  void fp4GemmsOnB200RunAtTwiceTheFp8Rate() {
    double flops = 2.0 * 8192 * 8192 * 8192;
    double fp8 = KernelTimes.of(B200, Precision.FP8, "fa3").gemmCompute(flops);
    double fp4 = KernelTimes.of(B200, Precision.FP4, "fa3").gemmCompute(flops);
    assertThat(fp8 / fp4).isCloseTo(9000.0 / 4500, within(1e-9)); // B200 dense peaks, hardware-2026.csv
  }

  @Test
  void namesPeopleTypeResolveAndAMissListsEveryFormat() {
    assertThat(WeightFormat.parse("FP4")).isEqualTo(WeightFormat.NVFP4);
    assertThat(WeightFormat.parse("awq")).isEqualTo(WeightFormat.INT4);
    assertThat(WeightFormat.parse("gptq")).isEqualTo(WeightFormat.INT4);
    assertThat(WeightFormat.parse("mxfp4")).isEqualTo(WeightFormat.MXFP4);
    assertThat(WeightFormat.parse("fp32")).isEqualTo(WeightFormat.FP32);
    assertThatThrownBy(() -> WeightFormat.parse("int2")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("unknown weight precision 'int2'").hasMessageContaining("nvfp4 (fp4)")
        .hasMessageContaining("int4 (w4a16, awq, gptq)").hasMessageContaining("mxfp4");
  }

  @Test
  void fp4DeploymentsKeepTheLmHeadAndNormsIn16Bits() {
    InferenceDeployment fp4 = Deployments.of("llama-3.1-8b", "b200", 1, "nvfp4", "fp8", "tensorrt-llm");
    InferenceDeployment bf16 = Deployments.of("llama-3.1-8b", "b200", 1, "bf16", null, "tensorrt-llm");
    StageWeights w = StageWeights.of(fp4, 0);
    assertThat(w.sixteenBit()).isEqualTo(StageWeights.of(bf16, 0).sixteenBit());
    assertThat(w.quantizedBytes(fp4) + w.scaleBytes(fp4)).isEqualTo(w.quantized() * 9 / 16);
  }
}
