package org.llmplan.emit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Fabric;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.RunPlan;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * A saved plan resolved for launching: the job rebuilt from the catalog, its expected figures recomputed by
 * the same estimators as {@code llmplan train} (so thresholds agree with what the user was shown), and the
 * names the files share. Building one checks everything a launch needs beyond the layout rules.
 *
 * @param framework the launch plug-in of the job's framework
 * @param fabricKind "infiniband" or "ethernet": which NCCL settings and which network metrics apply
 * @param name job name shared by every file
 * @param image container image every launcher runs
 * @param queue Kueue LocalQueue of the Kubernetes jobs
 * @param schedule steps, checkpoint interval and learning rate of the run
 * @param pin the framework commit the files are written for (one of its plug-in's pins); null when it has none
 */
public record LaunchPlan(
    PlanFile plan,
    TrainingJob job,
    TimeEstimate time,
    MemoryEstimate memory,
    TrainingFramework framework,
    String fabricKind,
    String name,
    String image,
    String queue,
    TrainingSchedule schedule,
    String pin) {

  public static LaunchPlan of(PlanFile plan, Catalog catalog, LaunchSettings settings) {
    RunPlan run = plan.runOrDefaults();
    TrainingJob node = plan.requireTraining("a training bundle").toJob(catalog);
    // The plan's network, as `llmplan train` planned it: its step time, NICs and fabric kind.
    TrainingJob job = run.network().apply(node, catalog);
    TrainingFramework framework = Plugins.of(job.framework());
    if (!"NVIDIA".equalsIgnoreCase(job.gpu().vendor())) {
      throw new InvalidValueException("launch bundles target NVIDIA GPUs (CUDA images, DCGM metrics); "
          + job.gpu().name() + " is made by " + job.gpu().vendor());
    }
    if (job.gpus() > job.gpusPerNode() && job.gpus() % job.gpusPerNode() != 0) {
      throw new InvalidLayoutException(job.gpus() + " GPUs do not fill whole nodes of " + job.gpusPerNode()
          + "; launchers start the same number of ranks on every node, so use a multiple of " + job.gpusPerNode());
    }
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    if (!memory.fits()) {
      throw new InvalidLayoutException(String.format(java.util.Locale.ROOT, "the plan needs %.2f GiB per GPU but "
          + "%s holds %.2f GiB, so it would run out of memory; change the layout before emitting",
          memory.totalBytes() / (1 << 30), job.gpu().name(), memory.capacityBytes() / (1 << 30)));
    }
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    String fabric = run.fabric() != null ? run.fabric() : node.scaleOut().fabric();
    String kind = catalog.fabrics().stream().filter(f -> f.name().equals(fabric) || f.aliases().contains(fabric))
        .map(Fabric::kind).findFirst().orElse("infiniband");
    String name = settings.name() != null ? settings.name() : LaunchSettings.nameFrom("train", job.model().name());
    String image = settings.image() != null ? settings.image() : "llmplan/" + name + ":" + shortHash(plan.toJson());
    String queue = settings.queue() != null ? settings.queue() : "default";
    TrainingSchedule schedule = TrainingSchedule.of(job, time, memory, run, catalog);
    return new LaunchPlan(plan, job, time, memory, framework, kind, name, image, queue, schedule,
        pin(framework, settings.frameworkRef()));
  }

  /** The pin a user asked for (a prefix of one of the plug-in's), else its newest. */
  private static String pin(TrainingFramework framework, String asked) {
    List<String> pins = framework.pins();
    if (asked == null) {
      return pins.isEmpty() ? null : pins.get(0);
    }
    return pins.stream().filter(p -> p.startsWith(asked) && asked.length() >= 7).findFirst()
        .orElseThrow(() -> new InvalidValueException("--framework-ref " + asked + ": the " + framework.name()
            + " files are written for " + (pins.isEmpty() ? "no commit (it installs nothing)" : "commit "
            + String.join(" or ", pins)) + "; give one of those (7 characters at least) or leave it out"));
  }

  /** The program every launcher runs, as the framework's plug-in builds it. */
  public TrainingProgram program() {
    return framework.program(this);
  }

  public int nodes() {
    return Math.max(1, job.gpus() / job.gpusPerNode());
  }

  /** Ranks started on each node: all its GPUs, or all the job's GPUs when the job needs less than a node. */
  public int gpusPerNode() {
    return Math.min(job.gpus(), job.gpusPerNode());
  }

  public boolean infiniband() {
    return "infiniband".equals(fabricKind);
  }

  /** A tag that changes whenever the plan does, so an image built for one plan is not mistaken for another. */
  private static String shortHash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
