package org.llmplan.emit.framework;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/** torchtitan (FSDP2 with TP, PP, CP, EP): torchtitan.train reading the bundle's TOML job config. */
public final class TorchtitanFramework implements TrainingFramework {
  @Override
  public String name() {
    return "torchtitan";
  }

  @Override
  public TrainingProgram program(LaunchPlan plan) {
    return new TrainingProgram(List.of("-m", "torchtitan.train"),
        List.of("--job.config_file", "${BUNDLE_DIR}/" + TorchtitanTarget.FILE, "--job.dump_folder",
            "${CHECKPOINT_DIR}"),
        TrainingProgram.ordered("CHECKPOINT_DIR", TrainingProgram.checkpoints(plan)), Map.of(),
        List.of(TorchtitanTarget.NAME), "torchtitan (FSDP2) with " + TorchtitanTarget.FILE);
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new TorchtitanTarget());
  }

  @Override
  public String install(LaunchPlan plan) {
    return Checkout.of("TORCHTITAN_REF", "9810191~1", "https://github.com/pytorch/torchtitan.git",
        "/workspace/torchtitan", "torchtitan, the last commit that reads TOML job configs");
  }
}
