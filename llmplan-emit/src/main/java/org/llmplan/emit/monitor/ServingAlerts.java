package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Thresholds.plain;
import static org.llmplan.emit.monitor.TrainingAlerts.labels;
import static org.llmplan.emit.monitor.TrainingAlerts.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.monitor.AlertRule.Series;

/**
 * The alerting rules of a serving plan: the servers against their latency targets (p99 TTFT and TPOT from the
 * engine's histograms), KV-cache saturation and a growing queue, plus the GPU health rules of training bundles.
 * The metric names are the engine plug-in's ({@link EngineMetrics}); an engine without known metrics gets the
 * GPU rules only.
 */
final class ServingAlerts {
  /** Latency quantiles are computed over this window: long enough for a p99 at a few requests per second. */
  static final String WINDOW = "5m";

  private final EngineMetrics m;
  private final String job;
  private final String model;

  private ServingAlerts(ServingLaunch plan, EngineMetrics metrics) {
    this.m = metrics;
    this.job = plan.engine().name();
    this.model = plan.modelId();
  }

  static List<AlertRule> of(ServingLaunch plan) {
    List<AlertRule> rules = new ArrayList<>();
    plan.engine().metrics().ifPresent(metrics -> {
      ServingAlerts a = new ServingAlerts(plan, metrics);
      ServingThresholds t = ServingThresholds.of(plan);
      if (t.ttftSeconds() > 0) {
        rules.add(a.latency("ServingTtftAboveSlo", metrics.ttftHistogram(), t.ttftSeconds(), "time to first token",
            t.plannedTtftSeconds()));
      }
      if (t.tpotSeconds() > 0) {
        rules.add(a.latency("ServingTpotAboveSlo", metrics.tpotHistogram(), t.tpotSeconds(),
            "time per output token", t.plannedTpotSeconds()));
      }
      rules.addAll(a.saturation(t, plan.engine().title()));
    });
    rules.addAll(TrainingAlerts.gpuHealth());
    return rules;
  }

  /**
   * p99 of a vLLM histogram above the target. The test histograms have buckets at half and twice the target:
   * every observation in the lower bucket gives a p99 of about half the target, every one in the upper bucket
   * about twice it.
   */
  private AlertRule latency(String name, String histogram, double slo, String what, double alone) {
    String expr = "histogram_quantile(0.99, sum by (le, " + m.modelLabel() + ") (rate(" + histogram
        + "_bucket{job=\"" + job + "\"}[" + WINDOW + "]))) > " + plain(slo);
    String low = plain(Thresholds.round(slo / 2));
    String high = plain(Thresholds.round(slo * 2));
    return new AlertRule("serving", name, expr, "5m", "warning",
        "p99 " + what + " of {{ $labels." + m.modelLabel() + " }} is above its target",
        "Target p99 " + plain(slo) + " s; one request alone takes " + plain(alone) + " s. Add replicas or check "
            + "the queue and KV-cache alerts.",
        buckets(histogram, low, high, "0x30"), with(labels(m.modelLabel(), model), "warning"),
        buckets(histogram, low, high, "0+60x30"));
  }

  /** Three cumulative buckets (low, high, +Inf) with 60 observations a minute; {@code lowValues} fills the first. */
  private List<Series> buckets(String histogram, String low, String high, String lowValues) {
    String labels = "job=\"" + job + "\"," + m.modelLabel() + "=\"" + model + "\",le=\"";
    return List.of(new Series(histogram + "_bucket{" + labels + low + "\"}", lowValues),
        new Series(histogram + "_bucket{" + labels + high + "\"}", "0+60x30"),
        new Series(histogram + "_bucket{" + labels + "+Inf\"}", "0+60x30"));
  }

  private List<AlertRule> saturation(ServingThresholds t, String engine) {
    String selector = "{job=\"" + job + "\"}";
    String series = "{job=\"" + job + "\"," + m.modelLabel() + "=\"" + model + "\",instance=\"pod-1:8000\"}";
    String by = "max by (" + m.modelLabel() + ", instance) (";
    Map<String, String> pod = labels(m.modelLabel(), model, "instance", "pod-1:8000");
    List<AlertRule> rules = new ArrayList<>();
    // The healthy run is the plan itself; the bad one a full cache. A plan with a full cache gets no such alert.
    double kv = t.kvUsageThreshold();
    if (kv < 1) {
      rules.add(new AlertRule("serving", "ServingKvCacheNearFull",
          by + m.kvUsage() + selector + ") > " + plain(kv), "5m", "warning",
          "KV cache of {{ $labels.instance }} is nearly full",
          "Planned use at the target rate " + plain(t.plannedKvUsage()) + "; above " + plain(kv)
              + " requests wait for cache pages and running ones are preempted.",
          List.of(new Series(m.kvUsage() + series, "0.5x2 1x28")), with(pod, "warning"),
          List.of(new Series(m.kvUsage() + series, plain(t.plannedKvUsage()) + "x30"))));
    }
    int q = t.queueDepth();
    int step = (q + 1 + 9) / 10;
    rules.add(new AlertRule("serving", "ServingQueueGrowing",
        by + m.waiting() + selector + ") > " + q + " and " + by + "deriv(" + m.waiting() + selector
            + "[10m])) > 0",
        "5m", "warning", "Requests queue up on {{ $labels.instance }}",
        "More than " + q + " requests wait and the queue grows: one replica clears " + plain(t.requestsPerSecond())
            + " requests/s, so the first token misses its target. The autoscaler adds replicas at the same depth.",
        List.of(new Series(m.waiting() + series, "0+" + step + "x30")), with(pod, "warning"),
        List.of(new Series(m.waiting() + series, q + "x30"))));
    rules.add(new AlertRule("serving", "ServingMetricsMissing", "absent(" + m.running() + selector + ")",
        "10m", "warning", "No " + engine + " metrics are scraped",
        "The latency and saturation alerts read " + engine + "'s /metrics; check the scrape targets.",
        List.of(new Series("up{job=\"" + job + "\",instance=\"pod-1:8000\"}", "1x30")),
        with(labels("job", job), "warning"),
        List.of(new Series(m.running() + series, "4x30"))));
    return rules;
  }
}
