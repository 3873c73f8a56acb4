package org.llmplan.reliability;

import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * How often a job is interrupted: failures per GPU-day, with the mix of causes behind them. Every GPU (and
 * its share of hosts, NICs and switches) fails independently, so a job of N GPUs is interrupted N times as
 * often and its mean time between failures is 1 / (N x rate) (Kokolis et al. 2024, "Revisiting Reliability
 * in Large-Scale ML Research Clusters", arXiv 2410.21680: nodes in series).
 *
 * @param interruptionsPerGpuDay unexpected interruptions per GPU per day
 * @param causes what interrupted the reference job, by count (their shares describe the mix)
 */
public record FailureModel(double interruptionsPerGpuDay, String source, List<Cause> causes) {

  /** One cause of interruptions and how many it caused in the reference job. */
  public record Cause(String name, int count) {}

  /** Llama 3 405B pre-training: 16,384 H100s, a 54-day snapshot (Dubey et al. 2024, section 3.3.4). */
  public static final int LLAMA3_GPUS = 16_384;
  public static final double LLAMA3_DAYS = 54;
  public static final int LLAMA3_UNEXPECTED = 419;

  /**
   * Unexpected interruptions of Llama 3 405B pre-training by root cause (Dubey et al. 2024, Table 5). The
   * counts sum to 419; the paper's percentage for "faulty GPU" (30.1 %) does not match its count (148 of
   * 419 = 35.3 %), so shares are computed from the counts.
   */
  public static final List<Cause> LLAMA3_CAUSES = List.of(
      new Cause("faulty GPU", 148),
      new Cause("GPU HBM3 memory", 72),
      new Cause("software bug", 54),
      new Cause("network switch/cable", 35),
      new Cause("host maintenance", 32),
      new Cause("GPU SRAM memory", 19),
      new Cause("GPU system processor", 17),
      new Cause("NIC", 7),
      new Cause("NCCL watchdog timeouts", 7),
      new Cause("silent data corruption", 6),
      new Cause("GPU thermal interface + sensor", 6),
      new Cause("SSD", 3),
      new Cause("power supply", 3),
      new Cause("server chassis", 2),
      new Cause("IO expansion board", 2),
      new Cause("dependency", 2),
      new Cause("CPU", 2),
      new Cause("system memory", 2));

  public FailureModel {
    InvalidValueException.requireInRange("failure rate (interruptions per GPU-day)", interruptionsPerGpuDay, 1e-9,
        10);
    causes = List.copyOf(causes);
  }

  /** The default: 419 unexpected interruptions over 16,384 GPUs and 54 days, about 4.7e-4 per GPU-day. */
  public static FailureModel llama3() {
    return new FailureModel(LLAMA3_UNEXPECTED / (LLAMA3_GPUS * LLAMA3_DAYS),
        "Llama 3 405B: 419 unexpected interruptions on 16,384 H100 in 54 days (Dubey et al. 2024, Table 5)",
        LLAMA3_CAUSES);
  }

  /** A rate the user gives; the mix of causes is still Llama 3's. */
  public static FailureModel of(double interruptionsPerGpuDay) {
    return new FailureModel(interruptionsPerGpuDay, "--failure-rate (mix of causes as in Llama 3)", LLAMA3_CAUSES);
  }

  /** Mean seconds between interruptions of a job on {@code gpus} GPUs. */
  public double jobMtbfSeconds(int gpus) {
    return 86_400 / (gpus * interruptionsPerGpuDay);
  }

  public double expectedInterruptions(int gpus, double seconds) {
    return seconds / jobMtbfSeconds(gpus);
  }

  /** The share of interruptions a cause accounts for. */
  public double share(Cause cause) {
    return (double) cause.count() / causes.stream().mapToInt(Cause::count).sum();
  }
}
