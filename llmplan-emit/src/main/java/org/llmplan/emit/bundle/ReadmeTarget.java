package org.llmplan.emit.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.ReadmeText;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.monitor.ServingThresholds;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.emit.monitor.Thresholds;
import org.llmplan.train.TrainingJob;

/**
 * The bundle's README.md ({@link ReadmeText}): the plan (the job, or the replica), what llmplan expects of it
 * beside where the alerts fire, the files, and how to launch and watch it, from the notes of the other files.
 */
public final class ReadmeTarget implements EmitTarget, ServingTarget {
  public static final String FILE = ReadmeText.FILE;
  private static final double GIB = 1024.0 * 1024 * 1024;

  @Override
  public String name() {
    return "readme";
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    String text = new ReadmeText(plan.name(), "launch", "runs the same job: " + LaunchText.what(plan))
        .table("The plan", "", List.of("", ""), plan(plan))
        .table("What to expect", "llmplan's estimate for this plan (the same figures as `llmplan train`), and "
            + "where the alert rules fire:", List.of("figure", "planned", "alert when"), expected(plan))
        .files(earlier)
        .notes("Launch", siteSettings(plan), earlier)
        .notes("Monitor", "", earlier)
        .text();
    return List.of(BundleFile.text(FILE, "how to launch and watch the job", text));
  }

  private static List<List<String>> plan(LaunchPlan plan) {
    TrainingJob job = plan.job();
    return List.of(
        List.of("model", job.model().name() + String.format(Locale.ROOT, " (%.2fB parameters)",
            job.model().parameters().total() / 1e9)),
        List.of("hardware", job.gpus() + " x " + job.gpu().name() + ", " + plan.nodes() + " node(s) x "
            + plan.gpusPerNode() + " GPUs, scale-out " + job.scaleOut().fabric()),
        List.of("framework", job.framework().name() + ": " + plan.program().summary()),
        List.of("layout", job.parallelism().label()),
        List.of("batch", "sequence " + job.seq() + " tokens; global batch " + job.globalBatch() + " sequences ("
            + job.microBatches() + " micro-batches of " + job.parallelism().microBatch() + " per pipeline)"),
        List.of("precision", job.precisionLabel() + ", optimizer " + job.optimizer().label()));
  }

  private static List<List<String>> expected(LaunchPlan plan) {
    Thresholds t = Thresholds.of(plan);
    return List.of(
        List.of("step time", String.format(Locale.ROOT, "%.3f s", plan.time().stepSeconds()),
            "above " + Thresholds.plain(t.stepSeconds()) + " s"),
        List.of("throughput", String.format(Locale.ROOT, "%.0f tokens/s", plan.time().tokensPerSecond()),
            "below " + Thresholds.plain(t.tokensPerSecond()) + " tokens/s"),
        List.of("MFU", String.format(Locale.ROOT, "%.1f %%", 100 * plan.time().mfu()),
            "tensor-core activity below " + Thresholds.plain(t.tensorActive())),
        List.of("peak memory per GPU", String.format(Locale.ROOT, "%.2f GiB of %.2f GiB (%s stage)",
            plan.memory().totalBytes() / GIB, plan.memory().capacityBytes() / GIB, plan.memory().stage()),
            "above " + Thresholds.plain(t.memoryMiB()) + " MiB"));
  }

  /** The variables every launcher reads, with the defaults it uses when one is unset. */
  private static String siteSettings(LaunchPlan plan) {
    StringBuilder b = new StringBuilder("Site settings: every launcher reads these variables and uses the default "
        + "when one is unset.\n\n| variable | default |\n|---|---|\n");
    plan.program().settings().forEach((k, v) -> b.append("| `").append(k).append("` | `").append(v).append("` |\n"));
    return b.append('\n').toString();
  }

  @Override
  public List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier) {
    String text = new ReadmeText(plan.name(), "serving", "serves the same replica: " + plan.what())
        .table("The plan", "", List.of("", ""), plan(plan))
        .table("What to expect", "llmplan's estimate for one replica (the same figures as `llmplan memory infer`), "
            + "and where the alerts fire:", List.of("figure", "planned", "alert when"), expected(plan))
        .files(earlier)
        .notes("Launch", "", earlier)
        .notes("Monitor", "", earlier)
        .text();
    return List.of(BundleFile.text(ReadmeText.FILE, "how to launch and watch the servers", text));
  }

  private static List<List<String>> plan(ServingLaunch plan) {
    InferenceDeployment d = plan.deployment();
    InferenceEstimate e = plan.estimate();
    return List.of(
        List.of("model", d.model().name() + " (checkpoint `" + plan.modelId() + "`, override with `MODEL`)"),
        List.of("replica", d.gpus() + " x " + d.gpu().name() + " (" + plan.nodesPerReplica() + " node(s) x "
            + plan.gpusPerPod() + " GPUs), " + d.label()),
        List.of("replicas", plan.replicas() + (plan.serving().ratePerSecond() != null
            ? " for " + plan.serving().ratePerSecond() + " requests/s" : "")),
        List.of("engine limits", "max model length " + d.maxModelLen() + ", max sequences " + d.maxNumSeqs()
            + ", batched tokens " + d.maxBatchedTokens() + ", memory share " + d.gpuMemoryUtilization()
            + ", block size " + d.blockSize() + ", chunked prefill " + (d.chunkedPrefill() ? "on" : "off")),
        List.of("requests", e.lengths().input() + " tokens in, " + e.lengths().output() + " out"
            + (plan.serving().input() != null ? " (distribution " + plan.serving().input() + " / "
                + plan.serving().output() + ")" : "")));
  }

  /** Memory, KV cache and throughput; latency and queue rows where the engine's metrics carry alerts. */
  private static List<List<String>> expected(ServingLaunch plan) {
    InferenceEstimate e = plan.estimate();
    List<List<String>> rows = new ArrayList<>(List.of(
        List.of("memory per GPU", String.format(Locale.ROOT, "%.2f GiB used of %.2f GiB",
            e.memory().usedBytes() / GIB, e.memory().capacityBytes() / GIB), ""),
        List.of("KV cache", String.format(Locale.ROOT, "%d tokens, %d requests at full length",
            e.memory().kvTokens(), e.memory().sequencesAtFullLength()),
            "usage above " + Thresholds.plain(ServingThresholds.of(plan).kvUsageThreshold())),
        List.of("throughput, queue full", String.format(Locale.ROOT, "%.0f output tokens/s, %.2f requests/s "
            + "(concurrency %.0f, limited by %s)", e.offline().outputTokensPerSecond(),
            e.offline().requestsPerSecond(), e.offline().concurrency(), e.offline().limitedBy()), "")));
    if (plan.engine().metrics().isPresent()) {
      ServingThresholds t = ServingThresholds.of(plan);
      rows.add(List.of("TTFT", String.format(Locale.ROOT, "%.3f s alone", e.ttftSeconds()),
          "p99 above " + (t.ttftSeconds() > 0 ? t.ttftSeconds() + " s" : "(no target)")));
      rows.add(List.of("TPOT", String.format(Locale.ROOT, "%.4f s alone", e.tpotSeconds()),
          "p99 above " + (t.tpotSeconds() > 0 ? t.tpotSeconds() + " s" : "(no target)")));
      rows.add(List.of("queue", "", "more than " + t.queueDepth() + " waiting per replica and growing (the "
          + "autoscaler's target too)"));
    }
    return rows;
  }
}
