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
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * The training dashboard ({@link Dashboard}): throughput, step time, tensor activity and memory against the
 * plan, then GPU health and, for multi-node jobs, the NICs NCCL uses.
 */
public final class GrafanaTarget implements EmitTarget {
  public static final String FILE = Dashboard.FILE;

  @Override
  public String name() {
    return "grafana";
  }

  @Override
  public String description() {
    return "Grafana dashboard JSON: throughput, step time, tensor activity, memory, temperatures, power, errors, "
        + "network, with the plan's values as reference lines";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
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
}
