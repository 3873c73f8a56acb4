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
 * @param efficiency measured kernel ceilings; for an entry with {@code efficiencyFrom}, those of that accelerator,
 *     which the catalog fills in; null when neither is given (memory estimates only)
 * @param sms streaming multiprocessors (compute units) from the datasheet or whitepaper: GEMM tiles run in waves
 *     of this many; 0 = not known (no wave quantization)
 * @param efficiencyFrom the accelerator whose kernel ceilings this one assumes because none were measured on it,
 *     or null when {@code efficiency} holds its own
 * @param kubernetesProductLabel the nvidia.com/gpu.product label GPU Feature Discovery gives its nodes (the NVML
 *     product name with spaces as dashes), or null when not known: launch files then select any GPU node
 * @param hostLinkGBps the link to host memory, GB/s per direction (PCIe x16: Gen4 32, Gen5 64), which CPU and
 *     NVMe offload move state over; 0 = not known
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
    int sms,
    String efficiencyFrom,
    String kubernetesProductLabel,
    double hostLinkGBps) {

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

  /** The kernel ceilings that time estimates need; an entry with neither efficiency nor efficiencyFrom has none. */
  public Efficiency kernelCeilings() {
    if (efficiency == null) {
      throw new InvalidValueException("gpu " + name + " has no kernel ceilings for time estimates: give its catalog"
          + " entry an efficiency block (measured) or efficiencyFrom: the measured gpu to assume (e.g. h100-sxm)");
    }
    return efficiency;
  }

  /** The same accelerator with measured kernel ceilings (a calibration of it). */
  public Accelerator withEfficiency(Efficiency measured) {
    return with(measured, null);
  }

  /** The same accelerator with the kernel ceilings of the one its {@code efficiencyFrom} names. */
  public Accelerator assumingEfficiency(Efficiency ofEfficiencyFrom) {
    return with(ofEfficiencyFrom, efficiencyFrom);
  }

  private Accelerator with(Efficiency e, String from) {
    return new Accelerator(name, aliases, vendor, memoryGiB, hbmTBps, peaks, scaleUp, tdpWatts, price, e, source, sms,
        from, kubernetesProductLabel, hostLinkGBps);
  }

  /**
   * GPUs that reach each other over the scale-up link in a job of {@code gpus} on nodes of {@code gpusPerNode}:
   * the node, or a domain of several nodes where the link spans them (GB200 NVL72: 18 trays of 4 GPUs on NVLink
   * switch trays, shared/reference/upstream/gb200-nvl72.md; a TPU slice on ICI).
   */
  public int scaleUpGpus(int gpusPerNode, int gpus) {
    int domain = scaleUp == null ? 1 : scaleUp.domain();
    return domain > gpusPerNode ? Math.max(gpusPerNode, Math.min(domain, gpus)) : gpusPerNode;
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
