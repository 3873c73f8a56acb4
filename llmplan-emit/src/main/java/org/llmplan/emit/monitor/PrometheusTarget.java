package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;

/**
 * Prometheus configuration for the run ({@link PrometheusFiles}): scrape jobs for dcgm-exporter, node_exporter
 * and the trainer, the alerting rules of {@link TrainingAlerts} with their promtool unit tests, and the
 * dcgm-exporter counters.
 */
public final class PrometheusTarget implements EmitTarget {
  public static final String CONFIG = PrometheusFiles.CONFIG;
  public static final String RULES = PrometheusFiles.rulesPath("training");
  public static final String RULE_TESTS = PrometheusFiles.testsPath("training");
  public static final String COUNTERS = PrometheusFiles.COUNTERS;

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public String description() {
    return "Prometheus scrape config (DCGM, node exporter, trainer), alert rules with thresholds from the plan, "
        + "promtool rule tests, dcgm-exporter counters";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    List<BundleFile> files = new ArrayList<>(PrometheusFiles.of(plan.name(), LaunchText.header(plan, "Prometheus"),
        "training", TrainingAlerts.of(plan), List.of("dcgm", "node", Metrics.TRAINING_JOB), note()));
    files.add(PrometheusFiles.targets("dcgm", plan.name(), plan.nodes(), Metrics.DCGM_PORT));
    files.add(PrometheusFiles.targets("node", plan.name(), plan.nodes(), Metrics.NODE_PORT));
    files.add(BundleFile.text("monitoring/targets/" + Metrics.TRAINING_JOB + ".json", "Prometheus scrape targets "
        + "(the trainer's rank 0)", Formats.json(List.of(map("targets", List.of("node-1:" + Metrics.TRAINER_PORT),
        "labels", map("llmplan_job", plan.name()))))));
    return files;
  }

  private static String note() {
    return "Run dcgm-exporter with `-f " + COUNTERS + "` (it enables the NVLink error counters) and node_exporter "
        + "on every node, and list the nodes in `monitoring/targets/*.json`. The trainer's rank 0 exports two "
        + "gauges on port " + Metrics.TRAINER_PORT + ", `" + Metrics.STEP_SECONDS + "` and `"
        + Metrics.TOKENS_PER_SECOND + "` (for example with prometheus_client from the training loop); without "
        + "them `TrainingMetricsMissing` fires. Then `prometheus --config.file=" + CONFIG + "`. `promtool test "
        + "rules " + RULE_TESTS + "` checks that each alert fires on a bad run and stays silent on the planned one.";
  }
}
