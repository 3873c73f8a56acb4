package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;
import static org.llmplan.emit.monitor.Thresholds.plain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;

/**
 * A Grafana dashboard in the classic JSON model (schemaVersion 41, timeseries panels), importable with
 * POST /api/dashboards/db or file provisioning, and the panels training and serving dashboards share. Each
 * panel that the plan predicts carries the expected value as a dashed "plan" series and the alert threshold as
 * a threshold line, so a glance shows how far the run is from its plan.
 */
final class Dashboard {
  static final String FILE = "monitoring/grafana-dashboard.json";
  /** Grafana migrates any schemaVersion up to its latest (42 in apps/dashboard/.../migrations.go); 41 is current. */
  static final int SCHEMA_VERSION = 41;
  static final Map<String, Object> DATASOURCE = map("type", "prometheus", "uid", "${datasource}");
  static final String HOST = "Hostname=~\"$host\"";

  private Dashboard() {}

  /** The dashboard file with its README paragraph. */
  static BundleFile file(Map<String, Object> dashboard) {
    return BundleFile.text(FILE, "Grafana dashboard", Formats.json(dashboard)).withNote("Monitor", "Import `" + FILE
        + "` into Grafana (Dashboards > Import, or POST it to /api/dashboards/db); dashed lines are the plan's "
        + "values, red lines the alert thresholds and targets.");
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
