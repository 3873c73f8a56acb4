package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.GrafanaTarget.panel;
import static org.llmplan.emit.monitor.GrafanaTarget.plan;
import static org.llmplan.emit.monitor.GrafanaTarget.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * The serving dashboard: p99 TTFT and TPOT with their targets as red threshold lines, throughput, KV-cache use
 * and the queue with the plan's values dashed, then the GPU health panels of the training dashboard.
 */
public final class ServingGrafanaTarget implements ServingTarget {
  private static final String VLLM = "{job=\"" + ServingAlerts.JOB + "\"}";

  @Override
  public String name() {
    return "grafana";
  }

  @Override
  public String description() {
    return "Grafana dashboard JSON: p99 TTFT and TPOT against their targets, throughput, KV cache, queue, GPU health";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    return List.of(BundleFile.text(GrafanaTarget.FILE, Formats.json(dashboard(plan))));
  }

  static Map<String, Object> dashboard(ServingLaunch plan) {
    List<Map<String, Object>> panels = new ArrayList<>();
    if (plan.vllm()) {
      ServingThresholds t = ServingThresholds.of(plan);
      panels.add(latency("p99 time to first token", "vllm:time_to_first_token_seconds", t.ttftSeconds(),
          t.plannedTtftSeconds()));
      panels.add(latency("p99 time per output token", "vllm:inter_token_latency_seconds", t.tpotSeconds(),
          t.plannedTpotSeconds()));
      panels.add(panel("Output tokens/s (all replicas)", "short", null, 0,
          query("sum(rate(vllm:generation_tokens_total" + VLLM + "[1m]))", "output"),
          query("sum(rate(vllm:prompt_tokens_total" + VLLM + "[1m]))", "prompt"),
          plan(t.outputTokensPerSecond())));
      panels.add(panel("KV cache usage", "percentunit", "above", ServingThresholds.KV_USAGE,
          query("max by (pod) (vllm:kv_cache_usage_perc" + VLLM + ")", "{{pod}}"), plan(t.plannedKvUsage())));
      panels.add(panel("Requests waiting", "short", "above", t.queueDepth(),
          query("sum by (pod) (vllm:num_requests_waiting" + VLLM + ")", "{{pod}} waiting")));
      panels.add(panel("Requests running", "short", null, 0,
          query("sum by (pod) (vllm:num_requests_running" + VLLM + ")", "{{pod}} running")));
    }
    panels.addAll(GrafanaTarget.gpuHealth(plan.deployment().gpu().tdpWatts()));
    return GrafanaTarget.model(plan.name(), "Serving " + plan.name(), plan.what() + "; expected " + plan.expected(),
        "serving", panels);
  }

  /** A p99 latency panel; the target, when the plan has one, is the red threshold line. */
  private static Map<String, Object> latency(String title, String histogram, double slo, double alone) {
    return panel(title, "s", slo > 0 ? "above" : null, slo,
        query("histogram_quantile(0.99, sum by (le, model_name) (rate(" + histogram + "_bucket" + VLLM + "["
            + ServingAlerts.WINDOW + "])))", "{{model_name}}"),
        GrafanaTarget.reference("one request alone", alone));
  }
}
