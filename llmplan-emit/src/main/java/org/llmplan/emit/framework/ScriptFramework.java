package org.llmplan.emit.framework;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.Plugins;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/**
 * Frameworks without a configuration format of their own (plain PyTorch FSDP, Hugging Face Trainer,
 * llm-foundry): the launchers run the user's training script, named by TRAIN_SCRIPT, with the plan's layout.
 */
public final class ScriptFramework implements TrainingFramework {
  @Override
  public String name() {
    return Plugins.SCRIPT;
  }

  @Override
  public TrainingProgram program(LaunchPlan plan) {
    String framework = plan.job().framework().name();
    return new TrainingProgram(List.of("${TRAIN_SCRIPT}"), List.of(),
        TrainingProgram.ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR",
            TrainingProgram.checkpoints(plan)), Map.of(), List.of(),
        "your " + framework + " training script (TRAIN_SCRIPT); llmplan has no configuration target for "
            + framework);
  }

  @Override
  public String install(LaunchPlan plan) {
    return "# " + plan.job().framework().name() + ": add your training code and its requirements here.\n\n";
  }
}
