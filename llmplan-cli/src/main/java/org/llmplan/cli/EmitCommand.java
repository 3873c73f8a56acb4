package org.llmplan.cli;

import java.nio.file.Path;
import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.BundleWriter;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.bundle.ReadmeTarget;
import org.llmplan.plan.PlanFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan emit`: the launch bundle of a saved plan (docs/emit.md). */
@Command(name = "emit", description = "Writes the launch bundle of a saved plan: framework configuration, "
    + "torchrun, Slurm, Kubernetes, container, Prometheus rules, Grafana dashboard, README.",
    mixinStandardHelpOptions = true, sortOptions = false)
final class EmitCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "FILE", description = "Saved plan (llmplan-plan/1 JSON).")
  Path plan;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write the bundle to; "
      + "must be new or empty unless --force.")
  Path out;

  @Option(names = "--targets", split = ",", paramLabel = "NAME", description = "Targets to write (default: all "
      + "that apply to the plan). Training plans: megatron, deepspeed, torchtitan, horovod, tensorflow, torchrun, "
      + "slurm, kubernetes, "
      + "container, prometheus, grafana, readme. Serving plans: vllm, trtllm, kubernetes, prometheus, grafana, "
      + "readme; triton on request.")
  List<String> targets;

  @Option(names = "--force", description = "Replace a non-empty --out folder.")
  boolean force;

  @Mixin
  BundleOptions bundle;

  @Mixin
  CatalogOptions catalog;

  @Override
  public void run() {
    spec.commandLine().getOut().print(write(PlanFile.read(plan), catalog.load(), bundle.settings(), targets, out,
        force));
  }

  /** Generates and writes a bundle; returns the lines that report it. Shared with `train --emit`. */
  static String write(PlanFile plan, Catalog catalog, LaunchSettings settings, List<String> targets, Path out,
      boolean force) {
    List<BundleFile> files = LaunchBundle.generate(plan, catalog, settings, targets);
    BundleWriter.write(out, files, force);
    StringBuilder b = new StringBuilder("Wrote " + files.size() + " files to " + out + ":\n");
    files.forEach(f -> b.append("  ").append(f.path()).append('\n'));
    if (files.stream().anyMatch(f -> f.path().equals(ReadmeTarget.FILE))) {
      b.append("How to launch and monitor it: ").append(out.resolve(ReadmeTarget.FILE)).append('\n');
    }
    return b.toString();
  }
}
