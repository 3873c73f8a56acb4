package org.llmplan.emit.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.ReadmeText;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.monitor.ServingThresholds;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;

/** The serving bundle's README.md: the replica, what llmplan expects of it, the files, how to launch and watch. */
public final class ServingReadmeTarget implements ServingTarget {
  private static final double GIB = 1024.0 * 1024 * 1024;

  @Override
  public String name() {
    return "readme";
  }

  @Override
  public String description() {
    return "README.md: the serving plan, per-replica throughput, memory, KV capacity and targets, how to launch";
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
            e.memory().kvTokens(), e.memory().sequencesAtFullLength()), "usage above " + ServingThresholds.KV_USAGE),
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
