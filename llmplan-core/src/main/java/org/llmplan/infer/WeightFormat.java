package org.llmplan.infer;

import java.util.Locale;
import org.llmplan.error.Choices;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;

/**
 * The number format of a served model's linear-layer weights. Quantizers leave embeddings, the LM head, norms
 * and MoE routers in 16 bits (ModelOpt FP8 checkpoints exclude lm_head; AutoAWQ and GPTQ keep lm_head and
 * embeddings in FP16), so the format applies to the transformer layers' matrices only.
 */
public enum WeightFormat {
  BF16(2, Precision.BF16, false),
  FP16(2, Precision.FP16, false),
  /** W8A8 FP8 (ModelOpt, compressed-tensors), one scale per tensor or channel; FP8 tensor cores where they exist. */
  FP8(1, Precision.FP8, false),
  /** W8A8 INT8 (SmoothQuant), per-channel scales; INT8 tensor cores. */
  INT8(1, Precision.INT8, false),
  /**
   * Weight-only 4-bit (AWQ, GPTQ): one FP16 scale and one 4-bit zero point per group of input channels, the
   * weights dequantized to 16 bits inside the GEMM (Marlin kernels), so the math runs at the 16-bit rate.
   */
  INT4(0.5, Precision.BF16, true);

  /** Bytes of the per-group scale and zero point of a group-quantized format: FP16 scale + 4-bit zero. */
  public static final double GROUP_SCALE_BYTES = 2 + 0.5;

  private final double bytes;
  private final Precision math;
  private final boolean grouped;

  WeightFormat(double bytes, Precision math, boolean grouped) {
    this.bytes = bytes;
    this.math = math;
    this.grouped = grouped;
  }

  /** Bytes of one weight, without scales. */
  public double bytes() {
    return bytes;
  }

  /** Whether each group of input channels carries its own scale and zero point. */
  public boolean grouped() {
    return grouped;
  }

  /** Bytes of scales and zero points per weight for groups of {@code groupSize} input channels. */
  public double scaleBytes(int groupSize) {
    return grouped ? GROUP_SCALE_BYTES / groupSize : 0;
  }

  /**
   * The precision the GEMMs run in on {@code gpu}: 8-bit formats on 8-bit tensor cores where the accelerator has
   * them, otherwise dequantized to 16 bits (vLLM runs FP8 checkpoints on Ampere as W8A16 Marlin).
   */
  public Precision math(Accelerator gpu) {
    return gpu.peakFlops(math) > 0 ? math : Precision.BF16;
  }

  /** Whether activations are quantized before each GEMM (W8A8): one extra read and write per GEMM input. */
  public boolean quantizesActivations(Accelerator gpu) {
    return math(gpu).bytes() == 1;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WeightFormat parse(String text) {
    return Choices.parse("weight precision", text, values(), WeightFormat::label);
  }
}
