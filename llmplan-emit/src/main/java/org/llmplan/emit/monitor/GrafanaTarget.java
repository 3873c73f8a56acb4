package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Dashboard.HOST;
import static org.llmplan.emit.monitor.Dashboard.panel;
import static org.llmplan.emit.monitor.Dashboard.plan;
import static org.llmplan.emit.monitor.Dashboard.query;
import static org.llmplan.emit.monitor.Dashboard.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * The Grafana dashboard of a bundle ({@link Dashboard}). Training: throughput, step time, tensor activity and
 * memory against the plan, then GPU health and, for multi-node jobs, the NICs NCCL uses. Serving: p99 TTFT and
 * TPOT with their targets as red threshold lines, throughput, KV-cache use and the queue with the plan's values
 * dashed, from the engine's metrics when llmplan knows them; then the same GPU health panels.
 */
public final class GrafanaTarget implements EmitTarget, ServingTarget {
  public static final String FILE = Dashboard.FILE;

  @Override
  public String name() {
    return "grafana";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    return List.of(Dashboard.file(dashboard(plan)));
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    return List.of(Dashboard.file(dashboard(plan)));
  }

  static Map<String, Object> dashboard(LaunchPlan plan) {
    Thresholds t = Thresholds.of(plan);
    String trainer = "{job=\"" + Metrics.TRAINING_JOB + "\"}";
    List<Map<String, Object>> panels = new ArrayList<>();
    panels.add(panel("Training throughput", "short", "below", t.tokensPerSecond(),
        query("sum(" + Metrics.TOKENS_PER_SECOND + trainer + ")", "tokens/s"), plan(t.plannedTokensPerSecond())));
    panels.add(panel("Step time", "s", "above", t.stepSeconds(),
        query("max(" + Metrics.STEP_SECONDS + trainer + ")", "step"), plan(t.plannedStepSeconds())));
    panels.add(panel("Tensor-core activity vs planned MFU", "percentunit", "below", t.tensorActive(),
        query("avg by (Hostname) (DCGM_FI_PROF_PIPE_TENSOR_ACTIVE{" + HOST + "})", "{{Hostname}}"),
        plan(t.plannedMfu())));
    panels.add(panel("GPU memory used", "mbytes", "above", t.memoryMiB(),
        query("max by (Hostname, gpu) (DCGM_FI_DEV_FB_USED{" + HOST + "})", "{{Hostname}}/{{gpu}}"),
        plan(t.plannedMemoryMiB()), reference("capacity", t.capacityMiB())));
    panels.addAll(Dashboard.gpuHealth(plan.job().gpu().tdpWatts()));
    if (plan.nodes() > 1) {
      String devices = "{device=~\"" + Metrics.rdmaDevices(plan) + "\"}";
      double lineRate = plan.job().scaleOut().nicsPerNode() * plan.job().scaleOut().gbitsPerNic() * 1e9 / 8;
      panels.add(panel("Network traffic per node (NCCL NICs)", "Bps", null, 0,
          query("sum by (instance) (rate(node_infiniband_port_data_transmitted_bytes_total" + devices + "[1m]))",
              "{{instance}} tx"),
          query("sum by (instance) (rate(node_infiniband_port_data_received_bytes_total" + devices + "[1m]))",
              "{{instance}} rx"),
          reference("line rate", lineRate)));
      panels.add(panel("RDMA port errors (10 min)", "none", "above", 0,
          query("sum by (instance, device) (increase(node_infiniband_port_errors_received_total" + devices
              + "[10m]))", "{{instance}} {{device}}")));
    }
    return Dashboard.model(plan.name(), "Training " + plan.name(), LaunchText.what(plan) + "; expected "
        + LaunchText.expected(plan), "training", panels);
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
    panels.add(panel("KV cache usage", "percentunit", "above", t.kvUsageThreshold(),
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
