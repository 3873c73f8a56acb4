package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Dashboard.panel;
import static org.llmplan.emit.monitor.Dashboard.plan;
import static org.llmplan.emit.monitor.Dashboard.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * The serving dashboard ({@link Dashboard}): p99 TTFT and TPOT with their targets as red threshold lines,
 * throughput, KV-cache use and the queue with the plan's values dashed, from the engine's metrics when llmplan
 * knows them; then the GPU health panels of the training dashboard.
 */
public final class ServingGrafanaTarget implements ServingTarget {
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
    return List.of(Dashboard.file(dashboard(plan)));
  }

  static Map<String, Object> dashboard(ServingLaunch plan) {
    List<Map<String, Object>> panels = new ArrayList<>();
    plan.engine().metrics().ifPresent(m -> panels.addAll(enginePanels(plan, m)));
    panels.addAll(Dashboard.gpuHealth(plan.deployment().gpu().tdpWatts()));
    return Dashboard.model(plan.name(), "Serving " + plan.name(), plan.what() + "; expected " + plan.expected(),
        "serving", panels);
  }

  private static List<Map<String, Object>> enginePanels(ServingLaunch plan, EngineMetrics m) {
    ServingThresholds t = ServingThresholds.of(plan);
    String job = "{job=\"" + plan.engine().name() + "\"}";
    List<Map<String, Object>> panels = new ArrayList<>();
    panels.add(latency("p99 time to first token", m, m.ttftHistogram(), job, t.ttftSeconds(),
        t.plannedTtftSeconds()));
    panels.add(latency("p99 time per output token", m, m.tpotHistogram(), job, t.tpotSeconds(),
        t.plannedTpotSeconds()));
    panels.add(panel("Output tokens/s (all replicas)", "short", null, 0,
        query("sum(rate(" + m.generationTokens() + job + "[1m]))", "output"),
        query("sum(rate(" + m.promptTokens() + job + "[1m]))", "prompt"),
        plan(t.outputTokensPerSecond())));
    panels.add(panel("KV cache usage", "percentunit", "above", ServingThresholds.KV_USAGE,
        query("max by (pod) (" + m.kvUsage() + job + ")", "{{pod}}"), plan(t.plannedKvUsage())));
    panels.add(panel("Requests waiting", "short", "above", t.queueDepth(),
        query("sum by (pod) (" + m.waiting() + job + ")", "{{pod}} waiting")));
    panels.add(panel("Requests running", "short", null, 0,
        query("sum by (pod) (" + m.running() + job + ")", "{{pod}} running")));
    return panels;
  }

  /** A p99 latency panel; the target, when the plan has one, is the red threshold line. */
  private static Map<String, Object> latency(String title, EngineMetrics m, String histogram, String job, double slo,
      double alone) {
    return panel(title, "s", slo > 0 ? "above" : null, slo,
        query("histogram_quantile(0.99, sum by (le, " + m.modelLabel() + ") (rate(" + histogram + "_bucket" + job
            + "[" + ServingAlerts.WINDOW + "])))", "{{" + m.modelLabel() + "}}"),
        Dashboard.reference("one request alone", alone));
  }
}
