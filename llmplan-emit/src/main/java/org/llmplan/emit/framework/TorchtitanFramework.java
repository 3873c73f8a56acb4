package org.llmplan.emit.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/**
 * torchtitan (FSDP2 with TP, PP, CP, EP): torchtitan.train with a config function and the plan's overrides at the
 * current commit, or with the bundle's TOML job config at the last commit that read TOML when the user pins it.
 */
public final class TorchtitanFramework implements TrainingFramework {
  /** The newest commit of torchtitan.json: Python config functions. */
  static final String CURRENT = "b5bcd76c66d0acb1a08b176d9639425bc55e0b2a";
  /** 9810191~1, the last commit with TOML job configs. */
  static final String TOML = "238fa9953e4aec2a62582121564273d7cbb1e9f1";

  @Override
  public String name() {
    return "torchtitan";
  }

  @Override
  public List<String> pins() {
    return List.of(CURRENT, TOML);
  }

  static boolean toml(LaunchPlan plan) {
    return TOML.equals(plan.pin());
  }

  @Override
  public TrainingProgram program(LaunchPlan plan) {
    // The tokenizer and the data are site paths: explicit settings, never torchtitan's working-directory defaults.
    Map<String, String> settings = TrainingProgram.ordered("CHECKPOINT_DIR", TrainingProgram.checkpoints(plan),
        "HF_ASSETS_PATH", "/data/tokenizer");
    List<String> args = new ArrayList<>();
    if (toml(plan)) {
      settings.putAll(TrainingProgram.ordered("DATASET", "c4", "DATASET_PATH", "/data/c4"));
      args.addAll(List.of("--job.config_file", "${BUNDLE_DIR}/" + TorchtitanTarget.TOML_FILE, "--job.dump_folder",
          "${CHECKPOINT_DIR}", "--model.hf_assets_path", "${HF_ASSETS_PATH}", "--training.dataset", "${DATASET}",
          "--training.dataset_path", "${DATASET_PATH}"));
    } else {
      settings.putAll(TrainingProgram.ordered("TORCHTITAN_MODULE", "llama3",
          "TORCHTITAN_CONFIG", TorchtitanArguments.configFunction(plan.job())));
      args.addAll(List.of("--module", "${TORCHTITAN_MODULE}", "--config", "${TORCHTITAN_CONFIG}",
          "--dump_folder", "${CHECKPOINT_DIR}", "--hf_assets_path", "${HF_ASSETS_PATH}"));
      args.addAll(TorchtitanArguments.of(plan.job(), plan.schedule()));
    }
    return new TrainingProgram(List.of("-m", "torchtitan.train"), args, settings, Map.of(),
        List.of(TorchtitanTarget.NAME), "torchtitan (FSDP2) with " + TorchtitanTarget.file(plan));
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new TorchtitanTarget());
  }

  @Override
  public String install(LaunchPlan plan) {
    return Checkout.of("TORCHTITAN_REF", plan.pin(), "https://github.com/pytorch/torchtitan.git",
        "/workspace/torchtitan", toml(plan) ? "torchtitan, the last commit that reads TOML job configs"
            : "torchtitan (Trainer.Config and the llama3 config functions at this commit)");
  }
}
