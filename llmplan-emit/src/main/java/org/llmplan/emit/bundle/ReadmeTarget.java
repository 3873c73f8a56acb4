package org.llmplan.emit.bundle;

import java.util.List;
import java.util.Locale;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.ReadmeText;
import org.llmplan.emit.monitor.Thresholds;
import org.llmplan.train.TrainingJob;

/** The bundle's README.md: the plan, what llmplan expects of it, the files, and how to launch and watch it. */
public final class ReadmeTarget implements EmitTarget {
  public static final String FILE = ReadmeText.FILE;
  private static final double GIB = 1024.0 * 1024 * 1024;

  @Override
  public String name() {
    return "readme";
  }

  @Override
  public String description() {
    return "README.md: the plan, its expected figures and alert thresholds, the files, how to launch";
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
        List.of("precision", job.precision().label() + ", optimizer " + job.optimizer().label()));
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
}
