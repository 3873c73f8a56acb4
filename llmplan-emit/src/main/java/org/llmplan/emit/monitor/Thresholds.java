package org.llmplan.emit.monitor;

import java.math.BigDecimal;
import java.math.MathContext;
import org.llmplan.emit.LaunchPlan;

/**
 * Alert thresholds derived from the plan's expected figures. The margins say how far off plan is a problem
 * rather than estimate error: the step-time model's p90 error on the published runs is 11.9 %
 * (docs/validation.md), so a 20 % throughput margin fires on real regressions, not on the model's spread.
 *
 * @param stepSeconds step time above which the run is slower than planned
 * @param tokensPerSecond throughput below which the run is slower than planned
 * @param memoryMiB framebuffer use above the planned peak (DCGM reports MiB)
 * @param tensorActive tensor-pipe activity ratio below which the GPUs do far less matrix work than planned
 */
public record Thresholds(
    double plannedStepSeconds,
    double plannedTokensPerSecond,
    double plannedMemoryMiB,
    double capacityMiB,
    double plannedMfu,
    double stepSeconds,
    double tokensPerSecond,
    double memoryMiB,
    double tensorActive) {

  /** Throughput may fall this far below plan (so step time may rise by 1 / (1 - margin)). */
  public static final double THROUGHPUT_MARGIN = 0.20;
  /** Memory may exceed the planned peak by this much: allocator behaviour the model averages out. */
  public static final double MEMORY_MARGIN = 0.05;
  /**
   * Tensor-pipe activity (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE) counts cycles with any tensor work and runs at or
   * above MFU; below half the planned MFU the GPUs are mostly waiting (data, network, stragglers).
   */
  public static final double TENSOR_FRACTION = 0.5;
  /** Celsius, 5 degrees under the ~90 C GPU slowdown temperature nvidia-smi -q reports for H100 SXM. */
  public static final double GPU_TEMPERATURE_C = 85;
  /** Celsius, HBM temperature above which HBM3 stacks start to throttle on Hopper boards. */
  public static final double MEMORY_TEMPERATURE_C = 95;

  private static final double MIB = 1024.0 * 1024;

  public static Thresholds of(LaunchPlan plan) {
    double step = plan.time().stepSeconds();
    double tps = plan.time().tokensPerSecond();
    double memory = plan.memory().totalBytes() / MIB;
    double capacity = plan.memory().capacityBytes() / MIB;
    double mfu = plan.time().mfu();
    return new Thresholds(round(step), round(tps), round(memory), round(capacity), round(mfu),
        round(step / (1 - THROUGHPUT_MARGIN)), round(tps * (1 - THROUGHPUT_MARGIN)),
        round(memoryThreshold(memory, capacity)), round(mfu * TENSOR_FRACTION));
  }

  /**
   * Framebuffer use that alerts: the margin above the planned peak, but never more than half of what is left up to
   * the capacity, so a plan near full memory still alerts below the capacity and never at its own peak.
   */
  static double memoryThreshold(double plannedMiB, double capacityMiB) {
    return Math.min(plannedMiB * (1 + MEMORY_MARGIN), (plannedMiB + capacityMiB) / 2);
  }

  /** Four significant digits: thresholds are margins on estimates, and short numbers read well in PromQL. */
  static double round(double value) {
    return new BigDecimal(value).round(new MathContext(4)).doubleValue();
  }

  /** A number as PromQL and promtool read it, without exponent or trailing zeros. */
  public static String plain(double value) {
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }
}
