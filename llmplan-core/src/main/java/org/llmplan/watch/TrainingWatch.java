package org.llmplan.watch;

import java.util.ArrayList;
import java.util.List;

/** A training run against its plan: the trainer's gauges, MFU from them, DCGM memory and activity, health. */
public final class TrainingWatch {
  /** The gauges the emitted bundle has rank 0 export (docs/emit.md), scraped as job "training". */
  static final String STEP = "llm_training_step_seconds{job=\"training\"}";
  static final String TOKENS = "llm_training_tokens_per_second{job=\"training\"}";

  /**
   * The plan's figures and the bounds of the emitted alert rules.
   *
   * @param stepLimitSeconds step time above which the run is off plan
   * @param tokensLimit throughput (tokens/s, whole job) below which it is off plan
   * @param memoryMiB planned peak per GPU, as DCGM counts it (MiB)
   */
  public record Plan(double stepSeconds, double stepLimitSeconds, double tokensPerSecond, double tokensLimit,
      double mfu, double memoryMiB, double memoryLimitMiB, double capacityMiB, boolean multiNode) {}

  private TrainingWatch() {}

  /** @param window a PromQL range (30s, 10m, 1h) over which figures are averaged */
  public static WatchReport check(PrometheusClient p, Plan plan, String window) {
    List<Reading> readings = new ArrayList<>();
    List<String> causes = new ArrayList<>();
    String w = "[" + window + "]";
    Reading step = Reading.against("step time", "s", plan.stepSeconds(),
        p.value("max(avg_over_time(" + STEP + w + "))").orElse(Double.NaN), plan.stepLimitSeconds(), true);
    Reading tokens = Reading.against("throughput", "tokens/s", plan.tokensPerSecond(),
        p.value("sum(avg_over_time(" + TOKENS + w + "))").orElse(Double.NaN), plan.tokensLimit(), false);
    readings.add(step);
    readings.add(tokens);
    double speed = !Double.isNaN(tokens.observed()) ? tokens.observed() / plan.tokensPerSecond()
        : plan.stepSeconds() / step.observed();
    readings.add(Reading.against("MFU (from throughput)", "", plan.mfu(), plan.mfu() * speed,
        plan.mfu() * plan.tokensLimit() / plan.tokensPerSecond(), false));
    readings.add(Reading.shown("tensor-pipe activity (plan: MFU)", "", plan.mfu(),
        p.value("avg(avg_over_time(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE" + w + "))").orElse(Double.NaN)));
    readings.add(Reading.against("GPU memory, fullest GPU", "MiB", plan.memoryMiB(),
        p.value("max(max_over_time(DCGM_FI_DEV_FB_USED" + w + "))").orElse(Double.NaN), plan.memoryLimitMiB(), true));
    GpuSignals.check(p, window, plan.capacityMiB(), plan.multiNode(), readings, causes);
    boolean slow = step.verdict() == Reading.Verdict.DRIFTING || tokens.verdict() == Reading.Verdict.DRIFTING;
    if (slow && causes.isEmpty()) {
      causes.add("no GPU, memory or link signal explains the slowdown: look at data loading, checkpoint stalls or a "
          + "straggling rank");
    }
    return new WatchReport(window, readings, causes);
  }
}
