package org.llmplan.emit.framework;

import java.util.List;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchText;
import org.llmplan.emit.Shell;
import org.llmplan.emit.TrainingProgram;

/** Megatron-LM / NeMo arguments as a bash array, to be sourced by any launcher. */
public final class MegatronTarget implements EmitTarget {
  public static final String FILE = "megatron/megatron-args.sh";
  static final String NAME = "megatron";

  private final MegatronFramework framework = new MegatronFramework();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    TrainingProgram program = framework.program(plan);
    StringBuilder b = new StringBuilder("#!/bin/bash\n");
    b.append(LaunchText.header(plan, "Megatron-LM arguments"));
    b.append("""
        # Source this file, then pass the array to pretrain_gpt.py:
        #   source megatron/megatron-args.sh
        #   torchrun ... "${MEGATRON_DIR}/pretrain_gpt.py" "${MEGATRON_ARGS[@]}"
        # Data and checkpoint settings below are defaults: export your own values before sourcing.
        """);
    for (String unstated : MegatronArguments.UNSTATED.keySet()) {
      if (program.settings().containsKey(unstated)) {
        b.append("# ").append(unstated).append(": llmplan's catalog does not state it for ").append(plan.job().model()
            .name()).append("; the default is Megatron's, set the model's own value (config.json).\n");
      }
    }
    b.append(Shell.defaults(program.settings()));
    b.append(Shell.exports(program.environment()));
    b.append("# shellcheck disable=SC2034  # read by the script that sources this file\n");
    b.append("MEGATRON_ARGS=(\n  ").append(String.join("\n  ", Shell.lines(program.args()))).append("\n)\n");
    return List.of(BundleFile.text(FILE, "Megatron-LM arguments (bash array)", b.toString()));
  }
}
