package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Thresholds.plain;
import static org.llmplan.emit.monitor.TrainingAlerts.labels;
import static org.llmplan.emit.monitor.TrainingAlerts.with;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.monitor.AlertRule.Series;

/**
 * The alerting rules of a serving plan: vLLM against its latency targets (p99 TTFT and TPOT from vLLM's
 * histograms), KV-cache saturation and a growing queue, plus the GPU health rules of training bundles. Metric
 * names: vLLM V1 (vllm/v1/metrics/loggers.py; inter_token_latency replaces the deprecated
 * time_per_output_token, kv_cache_usage_perc the deprecated gpu_cache_usage_perc). TensorRT-LLM exports other
 * metrics, so a tensorrt-llm plan gets the GPU rules only.
 */
final class ServingAlerts {
  static final String JOB = "vllm";
  /** Latency quantiles are computed over this window: long enough for a p99 at a few requests per second. */
  static final String WINDOW = "5m";

  private ServingAlerts() {}

  static List<AlertRule> of(ServingLaunch plan) {
    List<AlertRule> rules = new ArrayList<>();
    if (plan.vllm()) {
      ServingThresholds t = ServingThresholds.of(plan);
      String model = plan.modelId();
      if (t.ttftSeconds() > 0) {
        rules.add(latency(model, "ServingTtftAboveSlo", "vllm:time_to_first_token_seconds", t.ttftSeconds(),
            "time to first token", t.plannedTtftSeconds()));
      }
      if (t.tpotSeconds() > 0) {
        rules.add(latency(model, "ServingTpotAboveSlo", "vllm:inter_token_latency_seconds", t.tpotSeconds(),
            "time per output token", t.plannedTpotSeconds()));
      }
      rules.addAll(saturation(model, t));
    }
    rules.addAll(TrainingAlerts.gpuHealth());
    return rules;
  }

  /**
   * p99 of a vLLM histogram above the target. The test histograms have buckets at half and twice the target:
   * every observation in the lower bucket gives a p99 of about half the target, every one in the upper bucket
   * about twice it.
   */
  private static AlertRule latency(String model, String name, String histogram, double slo, String what,
      double alone) {
    String expr = "histogram_quantile(0.99, sum by (le, model_name) (rate(" + histogram + "_bucket{job=\"" + JOB
        + "\"}[" + WINDOW + "]))) > " + plain(slo);
    String low = plain(Thresholds.round(slo / 2));
    String high = plain(Thresholds.round(slo * 2));
    return new AlertRule("serving", name, expr, "5m", "warning",
        "p99 " + what + " of {{ $labels.model_name }} is above its target",
        "Target p99 " + plain(slo) + " s; one request alone takes " + plain(alone) + " s. Add replicas or check "
            + "the queue and KV-cache alerts.",
        buckets(model, histogram, low, high, "0x30"), with(labels("model_name", model), "warning"),
        buckets(model, histogram, low, high, "0+60x30"));
  }

  /** Three cumulative buckets (low, high, +Inf) with 60 observations a minute; {@code lowValues} fills the first. */
  private static List<Series> buckets(String model, String histogram, String low, String high, String lowValues) {
    String labels = "job=\"" + JOB + "\",model_name=\"" + model + "\",le=\"";
    return List.of(new Series(histogram + "_bucket{" + labels + low + "\"}", lowValues),
        new Series(histogram + "_bucket{" + labels + high + "\"}", "0+60x30"),
        new Series(histogram + "_bucket{" + labels + "+Inf\"}", "0+60x30"));
  }

  private static List<AlertRule> saturation(String model, ServingThresholds t) {
    String selector = "{job=\"" + JOB + "\"}";
    String series = "{job=\"" + JOB + "\",model_name=\"" + model + "\",instance=\"pod-1:8000\"}";
    Map<String, String> pod = labels("model_name", model, "instance", "pod-1:8000");
    List<AlertRule> rules = new ArrayList<>();
    double healthyKv = Math.min(t.plannedKvUsage(), ServingThresholds.KV_USAGE - 0.05);
    rules.add(new AlertRule("serving", "ServingKvCacheNearFull",
        "max by (model_name, instance) (vllm:kv_cache_usage_perc" + selector + ") > "
            + plain(ServingThresholds.KV_USAGE), "5m", "warning",
        "KV cache of {{ $labels.instance }} is nearly full",
        "Planned use at the target rate " + plain(t.plannedKvUsage()) + "; above " + plain(ServingThresholds.KV_USAGE)
            + " requests wait for cache pages and running ones are preempted.",
        List.of(new Series("vllm:kv_cache_usage_perc" + series, "0.5x2 0.99x28")), with(pod, "warning"),
        List.of(new Series("vllm:kv_cache_usage_perc" + series, plain(Thresholds.round(healthyKv)) + "x30"))));
    int q = t.queueDepth();
    int step = (q + 1 + 9) / 10;
    rules.add(new AlertRule("serving", "ServingQueueGrowing",
        "max by (model_name, instance) (vllm:num_requests_waiting" + selector + ") > " + q
            + " and max by (model_name, instance) (deriv(vllm:num_requests_waiting" + selector + "[10m])) > 0",
        "5m", "warning", "Requests queue up on {{ $labels.instance }}",
        "More than " + q + " requests wait and the queue grows: one replica clears " + plain(t.requestsPerSecond())
            + " requests/s, so the first token misses its target. The autoscaler adds replicas at the same depth.",
        List.of(new Series("vllm:num_requests_waiting" + series, "0+" + step + "x30")), with(pod, "warning"),
        List.of(new Series("vllm:num_requests_waiting" + series, q + "x30"))));
    rules.add(new AlertRule("serving", "ServingMetricsMissing", "absent(vllm:num_requests_running" + selector + ")",
        "10m", "warning", "No vLLM metrics are scraped",
        "The latency and saturation alerts read vLLM's /metrics; check the scrape targets.",
        List.of(new Series("up{job=\"" + JOB + "\",instance=\"pod-1:8000\"}", "1x30")),
        with(labels("job", JOB), "warning"),
        List.of(new Series("vllm:num_requests_running" + series, "4x30"))));
    return rules;
  }
}
