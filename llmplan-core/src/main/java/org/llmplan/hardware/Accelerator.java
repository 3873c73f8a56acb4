package org.llmplan.hardware;

import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * One accelerator model: what a datasheet says about it, in the units a datasheet uses. Methods convert
 * to SI units for the engine.
 *
 * @param memoryGiB HBM capacity. Datasheet "GB" of HBM is read as GiB because HBM stacks are binary-sized
 *     (an H100 80GB shows 81559 MiB in nvidia-smi, an A100 80GB 81920 MiB)
 * @param hbmTBps memory bandwidth, TB/s (10^12 bytes/s)
 * @param price default rental price, or null when no sourced price is known
 * @param efficiency measured kernel ceilings, or null when none are known (then H100 figures are assumed)
 * @param kubernetesProductLabel the nvidia.com/gpu.product label GPU Feature Discovery gives its nodes (the NVML
 *     product name with spaces as dashes), or null when not known: launch files then select any GPU node
 */
public record Accelerator(
    String name,
    List<String> aliases,
    String vendor,
    double memoryGiB,
    double hbmTBps,
    Peaks peaks,
    ScaleUp scaleUp,
    double tdpWatts,
    Price price,
    Efficiency efficiency,
    String source,
    String kubernetesProductLabel) {

  public static final double GIB = 1024.0 * 1024 * 1024;

  public Accelerator {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    if (!(memoryGiB > 0)) {
      throw new InvalidValueException("gpu " + name + ": memoryGiB must be positive");
    }
    if (peaks == null || !(peaks.bf16() > 0)) {
      throw new InvalidValueException("gpu " + name + ": peaks.bf16 must be positive");
    }
  }

  /** Measured ceilings, or the H100's when this accelerator has none. */
  public Efficiency efficiencyOrDefault() {
    return efficiency != null ? efficiency : Efficiency.H100_MEASURED;
  }

  public double memoryBytes() {
    return memoryGiB * GIB;
  }

  public double hbmBytesPerSecond() {
    return hbmTBps * 1e12;
  }

  /** Dense peak in FLOP/s, or 0 when the accelerator has no such mode. */
  public double peakFlops(Precision precision) {
    return peaks.tflops(precision) * 1e12;
  }
}
