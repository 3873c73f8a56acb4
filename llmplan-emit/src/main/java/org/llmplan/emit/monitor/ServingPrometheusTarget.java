package org.llmplan.emit.monitor;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * Prometheus configuration for a serving plan ({@link PrometheusFiles}): the servers' /metrics (one target per
 * replica, its leader for a multi-node replica) and dcgm-exporter on the GPU nodes, both from file-based
 * discovery so that {@code promtool check config} of Debian's Prometheus, built without Kubernetes discovery,
 * checks it; the pods also carry the prometheus.io annotations that a cluster's pod discovery keeps. Plus the
 * rules of {@link ServingAlerts} with their promtool unit tests.
 */
public final class ServingPrometheusTarget implements ServingTarget {
  public static final String RULES = PrometheusFiles.rulesPath("serving");
  public static final String RULE_TESTS = PrometheusFiles.testsPath("serving");

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public String description() {
    return "Prometheus scrape config (the servers' /metrics, DCGM), alert rules on TTFT/TPOT targets, KV cache and "
        + "queue, promtool rule tests";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    String job = plan.engine().name();
    List<BundleFile> files = new ArrayList<>(PrometheusFiles.of(plan.name(), plan.header("Prometheus"), "serving",
        ServingAlerts.of(plan), List.of(job, "dcgm"), note(plan, job)));
    files.add(PrometheusFiles.targets(job, plan.name(), plan.replicas(), ServingLaunch.PORT));
    files.add(PrometheusFiles.targets("dcgm", plan.name(), plan.replicas() * plan.nodesPerReplica(),
        Metrics.DCGM_PORT));
    return files;
  }

  private static String note(ServingLaunch plan, String job) {
    return "`prometheus --config.file=" + PrometheusFiles.CONFIG + "` scrapes the servers' /metrics and "
        + "dcgm-exporter (run it with `-f " + PrometheusFiles.COUNTERS + "`): list the replicas' addresses in "
        + "`monitoring/targets/" + job + ".json` and the GPU nodes in `monitoring/targets/dcgm.json`, or use your "
        + "cluster Prometheus, whose pod discovery finds the pods by their `prometheus.io` annotations. `promtool "
        + "test rules " + RULE_TESTS + "` checks that each alert fires on a bad series and stays silent at plan."
        + (plan.engine().metrics().isPresent() ? "" : " llmplan reads no " + plan.engine().title() + " metrics, "
            + "so only the GPU rules apply.");
  }
}
