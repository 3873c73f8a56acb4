package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.Formats;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * Prometheus configuration for a serving plan: the servers' /metrics (one target per replica, its leader for a
 * multi-node replica) and dcgm-exporter on the GPU nodes, both from file-based discovery so that
 * {@code promtool check config} of Debian's Prometheus, built without Kubernetes discovery, checks it; the pods
 * also carry the prometheus.io annotations that a cluster's pod discovery keeps. Plus the rules of
 * {@link ServingAlerts} with their promtool unit tests.
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
        PrometheusTarget.targets(ServingAlerts.JOB, plan.name(), plan.replicas(), ServingLaunch.PORT),
        PrometheusTarget.targets("dcgm", plan.name(), plan.replicas() * plan.nodesPerReplica(), Metrics.DCGM_PORT));
  }

  private static Map<String, Object> config(ServingLaunch plan) {
    return map(
        "global", map("scrape_interval", "15s", "evaluation_interval", "30s",
            "external_labels", map("llmplan_job", plan.name())),
        "rule_files", List.of("rules/serving-alerts.yml"),
        "scrape_configs", List.of(PrometheusTarget.scrape(ServingAlerts.JOB), PrometheusTarget.scrape("dcgm")));
  }
}
