package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;
import static org.llmplan.emit.monitor.Thresholds.plain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * A Grafana dashboard in the classic JSON model (schemaVersion 41, timeseries panels), importable with
 * POST /api/dashboards/db or file provisioning. Each panel that the plan predicts carries the expected value
 * as a dashed "plan" series and the alert threshold as a threshold line, so a glance shows how far the run is
 * from its plan.
 */
public final class GrafanaTarget implements EmitTarget {
  public static final String FILE = "monitoring/grafana-dashboard.json";
  /** Grafana migrates any schemaVersion up to its latest (42 in apps/dashboard/.../migrations.go); 41 is current. */
  static final int SCHEMA_VERSION = 41;
  static final Map<String, Object> DATASOURCE = map("type", "prometheus", "uid", "${datasource}");
  static final String HOST = "Hostname=~\"$host\"";

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
    return List.of(BundleFile.text(FILE, Formats.json(dashboard(plan))));
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
    panels.addAll(gpuHealth(plan.job().gpu().tdpWatts()));
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
    return model(plan.name(), "Training " + plan.name(), LaunchText.what(plan) + "; expected "
        + LaunchText.expected(plan), "training", panels);
  }

  /** GPU health panels shared by training and serving dashboards: utilisation, temperatures, power, errors. */
  static List<Map<String, Object>> gpuHealth(double tdpWatts) {
    List<Map<String, Object>> panels = new ArrayList<>();
    panels.add(panel("GPU utilization", "percent", null, 0,
        query("avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL{" + HOST + "})", "{{Hostname}}")));
    panels.add(panel("GPU temperature", "celsius", "above", Thresholds.GPU_TEMPERATURE_C,
        query("max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP{" + HOST + "})", "{{Hostname}}/{{gpu}}")));
    panels.add(panel("HBM temperature", "celsius", "above", Thresholds.MEMORY_TEMPERATURE_C,
        query("max by (Hostname, gpu) (DCGM_FI_DEV_MEMORY_TEMP{" + HOST + "})", "{{Hostname}}/{{gpu}}")));
    panels.add(panel("GPU power", "watt", null, 0,
        query("max by (Hostname, gpu) (DCGM_FI_DEV_POWER_USAGE{" + HOST + "})", "{{Hostname}}/{{gpu}}"),
        reference("TDP", tdpWatts)));
    panels.add(panel("XID errors (last code)", "none", "above", 0,
        query("max by (Hostname, gpu) (DCGM_FI_DEV_XID_ERRORS{" + HOST + "})", "{{Hostname}}/{{gpu}}")));
    panels.add(panel("NVLink errors (10 min)", "none", "above", 0, query("sum by (Hostname) (increase({__name__=~"
        + "\"DCGM_FI_DEV_NVLINK_(CRC_FLIT|CRC_DATA|REPLAY|RECOVERY)_ERROR_COUNT_TOTAL\"," + HOST + "}[10m]))",
        "{{Hostname}}")));
    return panels;
  }

  /** The dashboard around laid-out panels, with a Prometheus data source and a host variable from DCGM. */
  static Map<String, Object> model(String uid, String title, String description, String tag,
      List<Map<String, Object>> panels) {
    layout(panels);
    return map(
        "uid", uid,
        "title", title,
        "description", description,
        "tags", List.of("llmplan", tag),
        "schemaVersion", SCHEMA_VERSION,
        "version", 1,
        "editable", true,
        "time", map("from", "now-6h", "to", "now"),
        "refresh", "30s",
        "templating", map("list", List.of(
            map("type", "datasource", "name", "datasource", "label", "Prometheus", "query", "prometheus"),
            map("type", "query", "name", "host", "label", "Host", "datasource", DATASOURCE,
                "query", map("query", "label_values(DCGM_FI_DEV_GPU_UTIL, Hostname)", "refId", "hosts"),
                "multi", true, "includeAll", true, "refresh", 1,
                "current", map("text", "All", "value", "$__all")))),
        "panels", panels);
  }

  /** Two panels per row, 12 columns by 8 rows each, ids in order. */
  private static void layout(List<Map<String, Object>> panels) {
    for (int i = 0; i < panels.size(); i++) {
      panels.get(i).put("id", i + 1);
      panels.get(i).put("gridPos", map("h", 8, "w", 12, "x", (i % 2) * 12, "y", (i / 2) * 8));
    }
  }

  /**
   * A timeseries panel; {@code alertSide} "above" or "below" draws the alert threshold as a red line on the side
   * that alerts, null for no threshold. Series named "plan", "capacity", "TDP" or "line rate" are references.
   */
  @SafeVarargs
  static Map<String, Object> panel(String title, String unit, String alertSide, double threshold,
      Map<String, Object>... targets) {
    List<Object> refs = new ArrayList<>();
    List<Object> overrides = new ArrayList<>();
    char refId = 'A';
    for (Map<String, Object> target : targets) {
      target.put("refId", String.valueOf(refId++));
      refs.add(target);
      if (target.containsKey("reference")) {
        overrides.add(map("matcher", map("id", "byName", "options", target.remove("reference")),
            "properties", List.of(
                map("id", "custom.lineStyle", "value", map("fill", "dash", "dash", List.of(10, 10))),
                map("id", "color", "value", map("mode", "fixed", "fixedColor", "blue")))));
      }
    }
    Map<String, Object> custom = map("drawStyle", "line", "lineWidth", 1, "fillOpacity", 0, "showPoints", "never");
    Map<String, Object> defaults = map("unit", unit, "custom", custom);
    if (alertSide != null) {
      custom.put("thresholdsStyle", map("mode", "line"));
      defaults.put("thresholds", map("mode", "absolute", "steps", alertSide.equals("above")
          ? List.of(map("color", "green", "value", null), map("color", "red", "value", threshold))
          : List.of(map("color", "red", "value", null), map("color", "green", "value", threshold))));
    }
    return map("type", "timeseries", "title", title, "datasource", DATASOURCE,
        "fieldConfig", map("defaults", defaults, "overrides", overrides),
        "options", map("legend", map("displayMode", "list", "placement", "bottom", "showLegend", true),
            "tooltip", map("mode", "multi", "sort", "none")),
        "targets", refs);
  }

  static Map<String, Object> query(String expr, String legend) {
    return map("datasource", DATASOURCE, "expr", expr, "legendFormat", legend);
  }

  static Map<String, Object> plan(double value) {
    return reference("plan", value);
  }

  /** A constant series drawn dashed: what the plan expects, or a hard limit. */
  static Map<String, Object> reference(String name, double value) {
    Map<String, Object> q = query("vector(" + plain(Thresholds.round(value)) + ")", name);
    q.put("reference", name);
    return q;
  }
}
