package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;

/**
 * The Prometheus files training and serving bundles share: a scrape configuration over file-based service
 * discovery (one target file per job), the alerting rules with their promtool unit tests, and the
 * dcgm-exporter counters file that enables the fields the rules read.
 */
final class PrometheusFiles {
  static final String CONFIG = "monitoring/prometheus.yml";
  static final String COUNTERS = "monitoring/dcgm-counters.csv";
  /** promtool evaluates the examples at this time: after every rule's "for" duration has passed. */
  static final String EVAL_TIME = "20m";
  /** Prometheus' scrape path when a job names none. */
  static final String DEFAULT_METRICS_PATH = "/metrics";

  private PrometheusFiles() {}

  /**
   * The configuration (scraping {@code jobs}: job name to metrics path), the rules of {@code kind} ("training":
   * rules/training-alerts.yml) and their tests, and the counters, each under {@code header}; {@code note} is the
   * README's paragraph.
   */
  static List<BundleFile> of(String name, String header, String kind, List<AlertRule> rules,
      Map<String, ?> jobs, String note) {
    String ruleFile = kind + "-alerts.yml";
    Map<String, Object> config = map(
        "global", map("scrape_interval", "15s", "evaluation_interval", "30s",
            "external_labels", map("llmplan_job", name)),
        "rule_files", List.of("rules/" + ruleFile),
        "scrape_configs", jobs.entrySet().stream().map(j -> scrape(j.getKey(), (String) j.getValue())).toList());
    return List.of(
        BundleFile.text(CONFIG, "Prometheus scrape configuration", header + Formats.yaml(config))
            .withNote("Monitor", note),
        BundleFile.text(rulesPath(kind), "alert rules, thresholds from the plan", header
            + Formats.yaml(rules(name, rules))),
        BundleFile.text(testsPath(kind), "promtool unit tests of the alert rules", header
            + Formats.yaml(tests(ruleFile, rules))),
        BundleFile.text(COUNTERS, "dcgm-exporter counters", counters()));
  }

  static String rulesPath(String kind) {
    return "monitoring/rules/" + kind + "-alerts.yml";
  }

  static String testsPath(String kind) {
    return "monitoring/rules/" + kind + "-alerts.test.yml";
  }

  /** A job read over file discovery; the path is written only where it is not Prometheus' default /metrics. */
  private static Map<String, Object> scrape(String job, String metricsPath) {
    Map<String, Object> scrape = map("job_name", job);
    if (!DEFAULT_METRICS_PATH.equals(metricsPath)) {
      scrape.put("metrics_path", metricsPath);
    }
    scrape.put("file_sd_configs", List.of(map("files", List.of("targets/" + job + ".json"))));
    return scrape;
  }

  /** One target per node of the job; the names are placeholders for the hosts the scheduler assigns. */
  static BundleFile targets(String job, String name, int nodes, int port) {
    List<String> hosts = IntStream.rangeClosed(1, nodes).mapToObj(i -> "node-" + i + ":" + port).toList();
    return BundleFile.text("monitoring/targets/" + job + ".json", "Prometheus scrape targets (one per node)",
        Formats.json(List.of(map("targets", hosts, "labels", map("llmplan_job", name)))));
  }

  private static Map<String, Object> rules(String prefix, List<AlertRule> rules) {
    Map<String, List<Object>> groups = new LinkedHashMap<>();
    for (AlertRule r : rules) {
      Map<String, Object> rule = map("alert", r.name(), "expr", r.expr());
      if (!r.forDuration().equals("0m")) {
        rule.put("for", r.forDuration());
      }
      rule.put("labels", map("severity", r.severity()));
      rule.put("annotations", map("summary", r.summary(), "description", r.description()));
      groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(rule);
    }
    List<Object> out = new ArrayList<>();
    groups.forEach((name, list) -> out.add(map("name", prefix + "." + name, "rules", list)));
    return map("groups", out);
  }

  /** Two promtool test cases per rule: it fires on the bad series with the expected labels, and not on a healthy run. */
  private static Map<String, Object> tests(String ruleFile, List<AlertRule> rules) {
    List<Object> cases = new ArrayList<>();
    for (AlertRule r : rules) {
      cases.add(testCase(r.firing(), r.name(), List.of(map("exp_labels", r.firingLabels(),
          "exp_annotations", map("summary", r.renderedSummary(), "description", r.description())))));
      cases.add(testCase(r.healthy(), r.name(), List.of()));
    }
    return map("rule_files", List.of(ruleFile), "evaluation_interval", "1m", "tests", cases);
  }

  private static Map<String, Object> testCase(List<AlertRule.Series> input, String alert, List<Object> expected) {
    List<Object> series = input.stream().map(s -> (Object) map("series", s.series(), "values", s.values())).toList();
    return map("interval", "1m", "input_series", series, "alert_rule_test",
        List.of(map("eval_time", EVAL_TIME, "alertname", alert, "exp_alerts", expected)));
  }

  /**
   * dcgm-exporter counters (pass with -f, or as the Helm chart's custom metrics ConfigMap). The defaults of
   * etc/default-counters.csv that the rules and dashboard read, plus the NVLink error counters that the default
   * file leaves commented out.
   */
  private static String counters() {
    return """
        # dcgm-exporter counters for this bundle: FIELD, type, help (format of etc/default-counters.csv)
        DCGM_FI_DEV_GPU_UTIL, gauge, GPU utilization (in %).
        DCGM_FI_DEV_FB_USED, gauge, Framebuffer memory used (in MiB).
        DCGM_FI_DEV_FB_FREE, gauge, Framebuffer memory free (in MiB).
        DCGM_FI_DEV_GPU_TEMP, gauge, GPU temperature (in C).
        DCGM_FI_DEV_MEMORY_TEMP, gauge, Memory temperature (in C).
        DCGM_FI_DEV_POWER_USAGE, gauge, Power draw (in W).
        DCGM_FI_DEV_SM_CLOCK, gauge, SM clock frequency (in MHz).
        DCGM_FI_DEV_XID_ERRORS, gauge, Value of the last XID error encountered.
        DCGM_FI_DEV_PCIE_REPLAY_COUNTER, counter, Total number of PCIe retries.
        DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL, counter, Total number of NVLink bandwidth counters for all lanes.
        DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL, counter, Total number of NVLink flow-control CRC errors.
        DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL, counter, Total number of NVLink data CRC errors.
        DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL, counter, Total number of NVLink retries.
        DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL, counter, Total number of NVLink recovery errors.
        DCGM_FI_PROF_GR_ENGINE_ACTIVE, gauge, Ratio of time the graphics engine is active.
        DCGM_FI_PROF_PIPE_TENSOR_ACTIVE, gauge, Ratio of cycles the tensor (HMMA) pipe is active.
        DCGM_FI_PROF_DRAM_ACTIVE, gauge, Ratio of cycles the device memory interface is active sending or receiving data.
        """;
  }
}
