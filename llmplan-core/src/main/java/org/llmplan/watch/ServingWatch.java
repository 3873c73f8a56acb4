package org.llmplan.watch;

import java.util.ArrayList;
import java.util.List;

/** A serving deployment against its plan: latency percentiles, KV-cache use, the queue, tokens/s, health. */
public final class ServingWatch {
  /** A queue that would outgrow its bound within this many seconds at its present growth is growing. */
  static final double QUEUE_HORIZON_SECONDS = 600;

  /**
   * The serving engine's series, as its launch plug-in names them (the emitted rules and dashboard read the same).
   *
   * @param ttftHistogram time to first token, seconds (histogram name without _bucket)
   * @param tpotHistogram time per output token, seconds
   */
  public record Series(String ttftHistogram, String tpotHistogram, String kvUsage, String waiting,
      String generationTokens) {}

  /**
   * The plan's figures and bounds, per replica where it says so.
   *
   * @param ttftTargetSeconds p99 target, 0 for none (the reading then only shows the planned figure)
   * @param plannedTtftSeconds one request alone
   * @param queueDepth waiting requests per replica beyond which the TTFT target is missed
   * @param series the engine's metric names; null when llmplan knows none for the engine (GPU signals only)
   */
  public record Plan(double ttftTargetSeconds, double tpotTargetSeconds, double plannedTtftSeconds,
      double plannedTpotSeconds, int queueDepth, double outputTokensPerSecond, double plannedKvUsage, double kvLimit,
      double capacityMiB, Series series) {}

  private ServingWatch() {}

  public static WatchReport check(PrometheusClient p, Plan plan, String window) {
    List<Reading> readings = new ArrayList<>();
    List<String> causes = new ArrayList<>();
    Series s = plan.series();
    String w = "[" + window + "]";
    if (s != null) {
      readings.add(latency(p, "TTFT p99", s.ttftHistogram(), w, plan.ttftTargetSeconds(), plan.plannedTtftSeconds()));
      readings.add(latency(p, "TPOT p99", s.tpotHistogram(), w, plan.tpotTargetSeconds(), plan.plannedTpotSeconds()));
      Reading kv = Reading.against("KV-cache use, fullest replica", "", plan.plannedKvUsage(),
          p.value("max(avg_over_time(" + s.kvUsage() + w + "))").orElse(Double.NaN), plan.kvLimit(), true);
      readings.add(kv);
      readings.add(Reading.against("requests waiting, longest queue", "", Double.NaN,
          p.value("max(max_over_time(" + s.waiting() + w + "))").orElse(Double.NaN), plan.queueDepth(), true));
      readings.add(Reading.shown("output tokens/s, all replicas", "tokens/s", plan.outputTokensPerSecond(),
          p.value("sum(rate(" + s.generationTokens() + w + "))").orElse(Double.NaN)));
      queueGrowth(p, s, w, plan.queueDepth(), causes);
      if (kv.verdict() == Reading.Verdict.DRIFTING) {
        causes.add("KV cache nearly full: new requests wait for pages and running ones are preempted; add replicas or "
            + "lower max-num-seqs");
      }
    }
    GpuSignals.check(p, window, plan.capacityMiB(), false, readings, causes);
    boolean late = readings.stream().limit(2).anyMatch(r -> r.verdict() == Reading.Verdict.DRIFTING);
    if (late && causes.isEmpty()) {
      causes.add("the queue, KV cache and GPUs look healthy: compare the prompt and answer lengths with the plan's");
    }
    return new WatchReport(window, readings, causes);
  }

  private static Reading latency(PrometheusClient p, String what, String histogram, String w, double target,
      double planned) {
    double observed = p.value("histogram_quantile(0.99, sum by (le) (rate(" + histogram + "_bucket" + w + ")))")
        .orElse(Double.NaN);
    return target > 0 ? Reading.against(what, "s", target, observed, target, true)
        : Reading.shown(what + " (plan: one request alone)", "s", planned, observed);
  }

  private static void queueGrowth(PrometheusClient p, Series s, String w, int depth, List<String> causes) {
    for (Sample q : p.query("deriv(" + s.waiting() + w + ") > " + GpuSignals.figure(depth / QUEUE_HORIZON_SECONDS))) {
      causes.add("queue growing: " + q.where() + " gains " + GpuSignals.figure(q.value() * 60) + " waiting requests a "
          + "minute; arrivals outpace the replicas: add replicas or check for a stalled one");
    }
  }
}
