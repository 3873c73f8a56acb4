package org.llmplan.infer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.model.WeightFootprint;

/**
 * The number format of a served model's linear-layer weights, with its exact bytes. Quantizers leave
 * embeddings, the LM head, norms and MoE routers in 16 bits (ModelOpt FP8 and NVFP4 checkpoints exclude lm_head
 * and the MoE gates; AutoAWQ and GPTQ keep lm_head and embeddings in FP16), attention's own products run in the
 * 16-bit flash kernels and the KV cache has its own precision, so the format applies to the transformer layers'
 * matrices only. Every command (memory weights, memory infer, serve, search serve) reads this one set.
 */
public enum WeightFormat {
  FP32(4, 0, Precision.FP32, 4, false, "float32"),
  BF16(2, 0, Precision.BF16, 2, false, "bfloat16"),
  FP16(2, 0, Precision.FP16, 2, false, "float16", "half"),
  /** W8A8 FP8 (ModelOpt, compressed-tensors), one scale per tensor or channel; FP8 tensor cores where they exist. */
  FP8(1, 0, Precision.FP8, 1, false),
  /** W8A8 INT8 (SmoothQuant), per-channel scales; INT8 tensor cores. */
  INT8(1, 0, Precision.INT8, 1, false, "w8a8"),
  /**
   * Weight-only 4-bit (AWQ, GPTQ): one FP16 scale and one 4-bit zero point per group of input channels, the
   * weights dequantized to 16 bits inside the GEMM (Marlin kernels), so the math runs at the 16-bit rate and
   * the activations stay 16-bit (W4A16).
   */
  INT4(0.5, 0, Precision.BF16, 2, true, "w4a16", "awq", "gptq"),
  /**
   * NVFP4 (ModelOpt): E2M1 values, one FP8 E4M3 scale per 16 consecutive values and one FP32 scale per tensor
   * (weight_scale_2, 4 B a matrix, left out as below a millionth of it); activations quantized to NVFP4 the
   * same way (W4A4) on FP4 tensor cores, dequantized to 16 bits where there are none (Marlin FP4).
   */
  NVFP4(0.5, 1.0 / 16, Precision.FP4, 0.5 + 1.0 / 16, false, "fp4"),
  /** MXFP4 (OCP Microscaling v1.0): E2M1 values, one E8M0 power-of-two scale per 32 values. */
  MXFP4(0.5, 1.0 / 32, Precision.FP4, 0.5 + 1.0 / 32, false);

  /** Bytes of the per-group scale and zero point of a group-quantized format: FP16 scale + 4-bit zero. */
  public static final double GROUP_SCALE_BYTES = 2 + 0.5;

  /** AutoAWQ's and GPTQ's default group (q_group_size / group_size 128). */
  public static final int DEFAULT_GROUP_SIZE = 128;

  private final double bytes;
  private final double blockScaleBytes;
  private final Precision math;
  private final double activationBytes;
  private final boolean grouped;
  private final List<String> aliases;

  WeightFormat(double bytes, double blockScaleBytes, Precision math, double activationBytes, boolean grouped,
      String... aliases) {
    this.bytes = bytes;
    this.blockScaleBytes = blockScaleBytes;
    this.math = math;
    this.activationBytes = activationBytes;
    this.grouped = grouped;
    this.aliases = List.of(aliases);
  }

  /** The weights of {@code params} parameters all in this format (AWQ/GPTQ in groups of 128), against a GPU. */
  public WeightFootprint footprint(double params, Accelerator gpu) {
    return WeightFootprint.of(params, label(), bytesPerWeight(DEFAULT_GROUP_SIZE), gpu);
  }

  /** Bytes of one weight value, without scales. */
  public double bytes() {
    return bytes;
  }

  /** Bytes of one weight with its share of the scales (and zero points) for groups of {@code groupSize}. */
  public double bytesPerWeight(int groupSize) {
    return bytes + scaleBytes(groupSize);
  }

  /** Whether each group of input channels carries its own scale and zero point, in groups the user chooses. */
  public boolean grouped() {
    return grouped;
  }

  /**
   * Bytes of scales and zero points per weight: a user-chosen group's FP16 scale and 4-bit zero (AWQ/GPTQ), or
   * the fixed block's scale (NVFP4 1 B per 16, MXFP4 1 B per 32).
   */
  public double scaleBytes(int groupSize) {
    return grouped ? GROUP_SCALE_BYTES / groupSize : blockScaleBytes;
  }

  /** What the scale bytes are, for reports. */
  public String scaleBasis(int groupSize) {
    return switch (this) {
      case INT4 -> "FP16 scale + 4-bit zero per " + groupSize + " weights (AWQ/GPTQ groups)";
      case NVFP4 -> "FP8 E4M3 scale per 16 weights (NVFP4 blocks)";
      case MXFP4 -> "E8M0 scale per 32 weights (MXFP4 blocks)";
      default -> "none: per-tensor or per-channel scales only";
    };
  }

  /**
   * The precision the GEMMs run in on {@code gpu}: 8- and 4-bit formats on tensor cores of that width where
   * the accelerator has them, otherwise dequantized to 16 bits (vLLM runs FP8 checkpoints on Ampere as W8A16
   * Marlin, NVFP4 before Blackwell as W4A16 Marlin FP4).
   */
  public Precision math(Accelerator gpu) {
    return gpu.peakFlops(math) > 0 ? math : Precision.BF16;
  }

  /** Whether activations are quantized before each GEMM (W8A8, W4A4). */
  public boolean quantizesActivations(Accelerator gpu) {
    return math(gpu).bytes() < 2;
  }

  /** Bytes of one GEMM input element on {@code gpu}: quantized with its block scales, or 16-bit. */
  public double activationBytes(Accelerator gpu) {
    return quantizesActivations(gpu) ? activationBytes : math(gpu) == Precision.FP32 ? 4 : 2;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Labels and what people also type for them (fp4 is NVFP4, the format NVIDIA's FP4 checkpoints use). */
  public List<String> aliases() {
    return aliases;
  }

  public static WeightFormat parse(String text) {
    String wanted = text == null ? "" : text.trim();
    List<String> known = new ArrayList<>();
    for (WeightFormat f : values()) {
      if (f.label().equalsIgnoreCase(wanted) || f.aliases.stream().anyMatch(a -> a.equalsIgnoreCase(wanted))) {
        return f;
      }
      known.add(f.aliases.isEmpty() ? f.label() : f.label() + " (" + String.join(", ", f.aliases) + ")");
    }
    throw new InvalidValueException("unknown weight precision '" + text + "': use one of " + String.join(", ",
        known));
  }
}
