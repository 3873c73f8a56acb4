package org.llmplan.trust;

import java.util.List;
import java.util.TreeSet;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;

/**
 * Where an estimate lies, in the dimensions its error depends on: the framework or engine that runs it (a
 * profile name), the accelerator's rates (its 16-bit tensor peak and HBM bandwidth: GPUs of one generation
 * sit close, a new generation far), dense or MoE, the number format, and regimes the model treats apart
 * (long context, deep pipelines, context or expert parallelism).
 *
 * @param runtime framework or engine profile name
 * @param gpu accelerator name, for the reader; distance uses the rates
 * @param tensorFlops 16-bit tensor peak, FLOP/s
 * @param hbmBytesPerSecond HBM bandwidth, bytes/s
 * @param moe whether the model routes tokens to experts
 * @param format number format or recipe of the math (bf16, fp8-current, mxfp8, nvfp4, ...)
 * @param regimes regime names, sorted
 */
public record Territory(String runtime, String gpu, double tensorFlops, double hbmBytesPerSecond, boolean moe,
    String format, List<String> regimes) {

  /** Distance of a differing runtime, MoE-ness, format, and each regime one side has alone. */
  private static final double RUNTIME = 1;
  private static final double MOE = 1;
  private static final double FORMAT = 0.5;
  private static final double REGIME = 0.5;

  public Territory {
    regimes = List.copyOf(new TreeSet<>(regimes));
  }

  public static Territory of(String runtime, Accelerator gpu, boolean moe, String format, List<String> regimes) {
    return new Territory(runtime, gpu.name(), gpu.peakFlops(Precision.BF16), gpu.hbmBytesPerSecond(), moe,
        format, regimes);
  }

  /**
   * How far apart two territories are: 1 for another runtime or for dense against MoE, 0.5 for another
   * number format and for each regime not shared, and the accelerators' log ratios of tensor peak and of HBM
   * bandwidth (H100 to H200 0.36, H100 to B200 1.7, A100 to H100 1.6).
   */
  public double distance(Territory other) {
    double d = Math.abs(Math.log(tensorFlops / other.tensorFlops))
        + Math.abs(Math.log(hbmBytesPerSecond / other.hbmBytesPerSecond));
    d += runtime.equals(other.runtime) ? 0 : RUNTIME;
    d += moe == other.moe ? 0 : MOE;
    d += format.equals(other.format) ? 0 : FORMAT;
    TreeSet<String> unshared = new TreeSet<>(regimes);
    unshared.addAll(other.regimes);
    unshared.removeIf(r -> regimes.contains(r) && other.regimes.contains(r));
    return d + REGIME * unshared.size();
  }

  /** The key a validation family is grouped under: everything but the rates, which the GPU name fixes. */
  public String familyKey() {
    return runtime + " / " + gpu + " / " + (moe ? "moe" : "dense") + " / " + format
        + (regimes.isEmpty() ? "" : " / " + String.join("+", regimes));
  }
}
