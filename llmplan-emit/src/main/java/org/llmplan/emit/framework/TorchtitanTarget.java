package org.llmplan.emit.framework;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;

/**
 * torchtitan's configuration: the overrides of the current config function as a bash array, or the legacy TOML job
 * config when the plan is pinned to the last commit that read TOML.
 */
public final class TorchtitanTarget implements EmitTarget {
  public static final String ARGS_FILE = "torchtitan/torchtitan-args.sh";
  public static final String TOML_FILE = "torchtitan/train.toml";
  static final String NAME = "torchtitan";

  private final TorchtitanFramework framework = new TorchtitanFramework();

  @Override
  public String name() {
    return NAME;
  }

  static String file(LaunchPlan plan) {
    return TorchtitanFramework.toml(plan) ? TOML_FILE : ARGS_FILE;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    if (TorchtitanFramework.toml(plan)) {
      String header = LaunchText.header(plan, "torchtitan job config")
          + "# TOML config as read by torchtitan before commit 9810191 (2026-02-23), which the container pins.\n";
      return List.of(BundleFile.text(TOML_FILE, "torchtitan job config (legacy TOML)",
          header + Formats.toml(TorchtitanConfig.of(plan.job(), plan.schedule()))));
    }
    TrainingProgram program = framework.program(plan);
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(LaunchText.header(plan, "torchtitan arguments"));
    b.append("""
        # Source this file, then pass the array to torchtitan.train:
        #   source torchtitan/torchtitan-args.sh
        #   torchrun ... -m torchtitan.train "${TORCHTITAN_ARGS[@]}"
        # The config function (TORCHTITAN_MODULE, TORCHTITAN_CONFIG) sets the model, the optimizer and the dataset
        # (allenai/c4 streamed from the Hugging Face Hub); write your own function for other data. HF_ASSETS_PATH
        # is the folder of the tokenizer files. Export your own values before sourcing.
        """);
    b.append(Shell.defaults(program.settings()));
    b.append("# shellcheck disable=SC2034  # read by the script that sources this file\n");
    b.append("TORCHTITAN_ARGS=(\n  ").append(String.join("\n  ", Shell.lines(program.args()))).append("\n)\n");
    return List.of(BundleFile.text(ARGS_FILE, "torchtitan arguments (bash array)", b.toString()));
  }
}
