package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * Prometheus configuration for a serving plan: the serving pods discovered in Kubernetes by their
 * prometheus.io annotations (the pattern of the reference scrape config), dcgm-exporter on the GPU nodes, and
 * the rules of {@link ServingAlerts} with their promtool unit tests.
 */
public final class ServingPrometheusTarget implements ServingTarget {
  public static final String RULES = "monitoring/rules/serving-alerts.yml";
  public static final String RULE_TESTS = "monitoring/rules/serving-alerts.test.yml";

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public String description() {
    return "Prometheus scrape config (vLLM /metrics, DCGM), alert rules on TTFT/TPOT targets, KV cache and queue, "
        + "promtool rule tests";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    List<AlertRule> rules = ServingAlerts.of(plan);
    String header = plan.header("Prometheus");
    return List.of(
        BundleFile.text(PrometheusTarget.CONFIG, header + Formats.yaml(config(plan))),
        BundleFile.text(RULES, header + Formats.yaml(PrometheusTarget.rules(plan.name(), rules))),
        BundleFile.text(RULE_TESTS, header + Formats.yaml(PrometheusTarget.tests("serving-alerts.yml", rules))),
        BundleFile.text(PrometheusTarget.COUNTERS, PrometheusTarget.counters()),
        PrometheusTarget.targets("dcgm", plan.name(), plan.replicas() * plan.nodesPerReplica(), Metrics.DCGM_PORT));
  }

  private static Map<String, Object> config(ServingLaunch plan) {
    Map<String, Object> servers = map("job_name", ServingAlerts.JOB,
        "kubernetes_sd_configs", List.of(map("role", "pod")),
        "relabel_configs", List.of(
            map("source_labels", List.of("__meta_kubernetes_pod_label_app_kubernetes_io_name"), "action", "keep",
                "regex", plan.name()),
            map("source_labels", List.of("__meta_kubernetes_pod_annotation_prometheus_io_scrape"), "action", "keep",
                "regex", "true"),
            map("source_labels", List.of("__address__", "__meta_kubernetes_pod_annotation_prometheus_io_port"),
                "action", "replace", "regex", "([^:]+)(?::\\d+)?;(\\d+)", "replacement", "$1:$2",
                "target_label", "__address__"),
            map("source_labels", List.of("__meta_kubernetes_pod_name"), "target_label", "pod")));
    return map(
        "global", map("scrape_interval", "15s", "evaluation_interval", "30s",
            "external_labels", map("llmplan_job", plan.name())),
        "rule_files", List.of("rules/serving-alerts.yml"),
        "scrape_configs", List.of(servers, PrometheusTarget.scrape("dcgm")));
  }
}
