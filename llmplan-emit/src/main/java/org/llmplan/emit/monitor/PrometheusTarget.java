package org.llmplan.emit.monitor;

import static org.llmplan.emit.Formats.map;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;

/**
 * Prometheus configuration of a bundle ({@link PrometheusFiles}). Training: scrape jobs for dcgm-exporter,
 * node_exporter and the trainer, the rules of {@link TrainingAlerts}. Serving: the servers' /metrics (one target
 * per replica, its leader for a multi-node replica) and dcgm-exporter on the GPU nodes, both from file-based
 * discovery so that {@code promtool check config} of Debian's Prometheus, built without Kubernetes discovery,
 * checks it (the pods also carry the prometheus.io annotations a cluster's pod discovery keeps), and the rules of
 * {@link ServingAlerts}. Each with promtool unit tests and the dcgm-exporter counters.
 */
public final class PrometheusTarget implements EmitTarget, ServingTarget {
  public static final String CONFIG = PrometheusFiles.CONFIG;
  public static final String RULES = PrometheusFiles.rulesPath("training");
  public static final String RULE_TESTS = PrometheusFiles.testsPath("training");
  public static final String COUNTERS = PrometheusFiles.COUNTERS;
  /** The exporter hook of the training gauges (its own docstring says how to run it). */
  public static final String EXPORTER = "monitoring/llmplan_metrics.py";
  public static final String SERVING_RULES = PrometheusFiles.rulesPath("serving");
  public static final String SERVING_RULE_TESTS = PrometheusFiles.testsPath("serving");

  @Override
  public String name() {
    return "prometheus";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    List<BundleFile> files = new ArrayList<>(PrometheusFiles.of(plan.name(), LaunchText.header(plan, "Prometheus"),
        "training", TrainingAlerts.of(plan), map("dcgm", PrometheusFiles.DEFAULT_METRICS_PATH, "node",
        PrometheusFiles.DEFAULT_METRICS_PATH, Metrics.TRAINING_JOB, PrometheusFiles.DEFAULT_METRICS_PATH), note(plan)));
    files.add(PrometheusFiles.targets("dcgm", plan.name(), plan.nodes(), Metrics.DCGM_PORT));
    files.add(PrometheusFiles.targets("node", plan.name(), plan.nodes(), Metrics.NODE_PORT));
    files.add(BundleFile.text("monitoring/targets/" + Metrics.TRAINING_JOB + ".json", "Prometheus scrape targets "
        + "(the trainer's rank 0)", Formats.json(List.of(map("targets", List.of("node-1:" + Metrics.TRAINER_PORT),
        "labels", map("llmplan_job", plan.name()))))));
    files.add(BundleFile.text(EXPORTER, "exporter of the trainer's step time and throughput", exporter()));
    return files;
  }

  /** The exporter hook, a Python file shipped in the jar. */
  private static String exporter() {
    try (InputStream in = PrometheusTarget.class.getResourceAsStream("llmplan_metrics.py")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the jar holds org/llmplan/emit/monitor/llmplan_metrics.py", e);
    }
  }

  private static String note(LaunchPlan plan) {
    long tokens = (long) plan.job().globalBatch() * plan.job().seq();
    return "Run dcgm-exporter with `-f " + COUNTERS + "` (it enables the NVLink error counters) and node_exporter "
        + "on every node, and list the nodes in `monitoring/targets/*.json`. The step-time and throughput alerts "
        + "read two gauges that stock trainers do not export, `" + Metrics.STEP_SECONDS + "` and `"
        + Metrics.TOKENS_PER_SECOND + "` on port " + Metrics.TRAINER_PORT + " of rank 0: `" + EXPORTER + "` exports "
        + "them, from your training loop (`StepMetrics(tokens_per_step=" + tokens + ")`) or, for Megatron-LM, "
        + "beside it reading its log (`python " + EXPORTER + " --tokens-per-step " + tokens + " --follow "
        + "logs/JOB.out`). `TrainingMetricsMissing` fires only when that port answers without the gauges. Then "
        + "`prometheus --config.file=" + CONFIG + "`. `promtool test rules " + RULE_TESTS + "` checks that each "
        + "alert fires on a bad run and stays silent on the planned one.";
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    String job = plan.engine().name();
    List<BundleFile> files = new ArrayList<>(PrometheusFiles.of(plan.name(), plan.header("Prometheus"), "serving",
        ServingAlerts.of(plan), map(job, plan.engine().metricsPath(), "dcgm",
            PrometheusFiles.DEFAULT_METRICS_PATH), servingNote(plan, job)));
    files.add(PrometheusFiles.targets(job, plan.name(), plan.replicas(), ServingLaunch.PORT));
    files.add(PrometheusFiles.targets("dcgm", plan.name(), plan.replicas() * plan.nodesPerReplica(),
        Metrics.DCGM_PORT));
    return files;
  }

  private static String servingNote(ServingLaunch plan, String job) {
    return "`prometheus --config.file=" + PrometheusFiles.CONFIG + "` scrapes the servers' "
        + plan.engine().metricsPath() + " and "
        + "dcgm-exporter (run it with `-f " + PrometheusFiles.COUNTERS + "`): list the replicas' addresses in "
        + "`monitoring/targets/" + job + ".json` and the GPU nodes in `monitoring/targets/dcgm.json`, or use your "
        + "cluster Prometheus, whose pod discovery finds the pods by their `prometheus.io` annotations. `promtool "
        + "test rules " + SERVING_RULE_TESTS + "` checks that each alert fires on a bad series and stays silent at plan."
        + (plan.engine().metrics().isPresent() ? "" : " llmplan reads no " + plan.engine().title() + " metrics, "
            + "so only the GPU rules apply.");
  }
}
