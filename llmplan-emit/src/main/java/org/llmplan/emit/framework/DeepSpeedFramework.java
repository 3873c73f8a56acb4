package org.llmplan.emit.framework;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/** DeepSpeed: the user's training script started with the bundle's ds_config.json. */
public final class DeepSpeedFramework implements TrainingFramework {
  @Override
  public String name() {
    return "deepspeed";
  }

  @Override
  public TrainingProgram program(LaunchPlan plan) {
    return new TrainingProgram(List.of("${TRAIN_SCRIPT}"),
        List.of("--deepspeed", "--deepspeed_config", "${BUNDLE_DIR}/" + DeepSpeedTarget.FILE),
        TrainingProgram.ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR",
            TrainingProgram.checkpoints(plan)), Map.of(),
        List.of(DeepSpeedTarget.NAME), "your DeepSpeed training script (TRAIN_SCRIPT) with " + DeepSpeedTarget.FILE);
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new DeepSpeedTarget());
  }

  /** The commit of reference/upstream/deepspeed.json. */
  @Override
  public List<String> pins() {
    return List.of("edaa7221267243c7be7fb49c5d5f5c4fb97b4641");
  }

  @Override
  public String install(LaunchPlan plan) {
    return Checkout.of("DEEPSPEED_REF", plan.pin(), "https://github.com/deepspeedai/DeepSpeed.git",
        "/workspace/DeepSpeed", "DeepSpeed (config keys of deepspeed/runtime/config.py at this commit)");
  }
}
