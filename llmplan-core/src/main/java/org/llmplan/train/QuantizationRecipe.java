package org.llmplan.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;

/**
 * How the GEMMs of a low-precision training step quantize their inputs (Transformer Engine recipes), each a
 * separate choice with its own cast kernels: HBM bytes per 16-bit GEMM input element that the quantize
 * kernels move, and what stays in 16 bits. Attention, norms and the router stay in BF16 in every recipe
 * (Megatron-Core wraps only the transformer linears in its FP8/FP4 autocast). Megatron's LM head is BF16 too;
 * the step time still runs it at the compute precision, as the FP8 rows in validation/ were calibrated with.
 *
 * <p>Bytes per element: read the 16-bit input (2 B), read it once more for each tensor-wide amax taken from
 * the tensor itself (current scaling, NVFP4's per-tensor scale), write each quantized layout (its element
 * and its share of a scale). Tensorwise FP8 on Hopper writes one layout and transposes it for the weight
 * gradient in backward (1 B read, 1 B written); block-scaled formats write row-wise and column-wise copies in
 * the one cast, since their scale blocks run along the reduction dimension, which differs between the forward
 * and the weight-gradient GEMM (TE docs, "Using FP8 with Transformer Engine": MXFP8 and block scaling).
 */
public enum QuantizationRecipe {
  /** 16- or 32-bit GEMMs: nothing is quantized. */
  NONE("none", null, 0, 0, 0, 0, 0),
  /** Tensorwise FP8, scale from the amax history of earlier steps (TE DelayedScaling, TE 1.x default). */
  FP8_DELAYED("fp8-delayed", Precision.FP8, 0, 1, 1, 0, 0),
  /** Tensorwise FP8, scale from the tensor's own amax, an extra pass before each cast (TE Float8CurrentScaling). */
  FP8_CURRENT("fp8-current", Precision.FP8, 1, 1, 1, 0, 0),
  /** FP8 with 1x128 activation and 128x128 weight blocks, FP32 scales (DeepSeek-V3 report section 3.3). */
  FP8_BLOCKWISE("fp8-blockwise", Precision.FP8, 0, 2, 1, 4.0 / 128, 0),
  /** MXFP8: 32-element blocks with E8M0 scales, Blackwell tensor cores only (OCP MX spec v1.0). */
  MXFP8("mxfp8", Precision.FP8, 0, 2, 1, 1.0 / 32, 0),
  /**
   * NVFP4: 16-element blocks with E4M3 scales under a per-tensor FP32 scale, Blackwell only (NVIDIA, arXiv
   * 2509.25149). The first and last transformer layer stay in BF16 (Megatron's --first-last-layers-bf16 with its
   * defaults, one layer at each end); a 16x16 random Hadamard transform of the weight-gradient inputs adds one
   * more read and write of 16-bit elements in backward.
   */
  NVFP4("nvfp4", Precision.FP4, 1, 2, 0.5, 1.0 / 16, 2);

  private final String label;
  private final Precision gemm;
  private final int amaxPasses;
  private final int layouts;
  private final double elementBytes;
  private final double scaleBytes;
  private final int sixteenBitLayers;

  QuantizationRecipe(String label, Precision gemm, int amaxPasses, int layouts, double elementBytes,
      double scaleBytes, int sixteenBitLayers) {
    this.label = label;
    this.gemm = gemm;
    this.amaxPasses = amaxPasses;
    this.layouts = layouts;
    this.elementBytes = elementBytes;
    this.scaleBytes = scaleBytes;
    this.sixteenBitLayers = sixteenBitLayers;
  }

  public String label() {
    return label;
  }

  /** The format the recipe's GEMMs multiply in, or null for none. */
  public Precision gemmPrecision() {
    return gemm;
  }

  /** Transformer layers the recipe keeps in BF16 (NVFP4: the first and the last), 0 for the others. */
  public int sixteenBitLayers() {
    return sixteenBitLayers;
  }

  /** Whether the scales are per block of elements (MX and NV formats: tensor-core block scaling). */
  public boolean microscaled() {
    return this == MXFP8 || this == NVFP4;
  }

  /** HBM bytes the forward cast kernels move per 16-bit GEMM input element. */
  public double forwardCastBytes() {
    return this == NONE ? 0 : 2 + 2 * amaxPasses + layouts * (elementBytes + scaleBytes);
  }

  /**
   * HBM bytes the backward cast kernels move per element: the output gradients cast like forward inputs, plus
   * the transposed copy that a single-layout recipe makes for the weight gradient, plus NVFP4's Hadamard pass.
   */
  public double backwardCastBytes() {
    if (this == NONE) {
      return 0;
    }
    double transpose = layouts == 1 ? 2 : 0;
    double hadamard = this == NVFP4 ? 4 : 0;
    return forwardCastBytes() + transpose + hadamard;
  }

  /** Cast kernels per GEMM input group forward (amax reductions are kernels of their own). */
  public int forwardKernels() {
    return this == NONE ? 0 : 4 * (1 + amaxPasses);
  }

  /** The recipe a bare precision means: fp8 is tensorwise delayed scaling, fp4 is NVFP4, 16 bits none. */
  public static QuantizationRecipe defaultFor(Precision p) {
    return p == Precision.FP8 ? FP8_DELAYED : p == Precision.FP4 ? NVFP4 : NONE;
  }

  /**
   * The recipe a user's precision text names: a recipe label (fp8-delayed, fp8-current, fp8-blockwise, mxfp8,
   * nvfp4), a published spelling of one (FP8-CS, FP8-MX), or a bare precision with its default recipe.
   */
  public static QuantizationRecipe parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    String canonical = switch (t) {
      case "fp8-cs" -> "fp8-current";
      case "fp8-mx" -> "mxfp8";
      case "fp8-ds" -> "fp8-delayed";
      default -> t;
    };
    for (QuantizationRecipe r : values()) {
      if (r != NONE && r.label.equals(canonical)) {
        return r;
      }
    }
    for (Precision p : Precision.values()) {
      if (p.label().equals(t)) {
        return defaultFor(p);
      }
    }
    throw new InvalidValueException("unknown precision '" + text + "': use one of "
        + Arrays.stream(Precision.values()).map(Precision::label).collect(Collectors.joining(", "))
        + " or a recipe: fp8-delayed, fp8-current, fp8-blockwise, mxfp8, nvfp4");
  }

  /** The compute precision a user's precision text means (a recipe's GEMM format, or the bare precision). */
  public static Precision computePrecision(String text) {
    QuantizationRecipe r = parse(text);
    return r.gemm != null ? r.gemm : Precision.parse(text);
  }

  /** Refuses a recipe the accelerator cannot run, in one line that says what to choose instead. */
  void checkRunsOn(Accelerator gpu, Precision compute) {
    if (this != NONE && gemm != compute) {
      throw new InvalidValueException("recipe " + label + " multiplies in " + gemm.label() + ", not "
          + compute.label());
    }
    // Block-scaled tensor cores came with the generation that added FP4 (Blackwell): the catalog's fp4 peak
    // marks them.
    if (microscaled() && gpu.peakFlops(Precision.FP4) <= 0) {
      throw new InvalidValueException(gpu.name() + " has no block-scaled (MX/NV) tensor cores for " + label
          + "; use fp8-current or fp8-blockwise, or a Blackwell GPU (b200, gb200)");
    }
  }
}
