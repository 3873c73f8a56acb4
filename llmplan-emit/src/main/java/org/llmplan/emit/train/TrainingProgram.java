package org.llmplan.emit.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.LaunchPlan;

/**
 * What every launcher starts under torchrun for the plan's framework, so torchrun, Slurm and Kubernetes run
 * exactly the same program with the same arguments. Megatron-LM takes its configuration as flags (inlined);
 * DeepSpeed and torchtitan read a file of the bundle, found through {@code BUNDLE_DIR}.
 *
 * @param entry what torchrun runs: a script path, or "-m" and a module
 * @param args the program's arguments (words in the neutral form of {@link Shell})
 * @param settings site-specific values with defaults (data, checkpoints), overridable from the environment
 * @param environment fixed variables the framework needs
 * @param configTargets bundle targets whose files the arguments name
 * @param summary one line for the bundle README
 */
public record TrainingProgram(
    List<String> entry,
    List<String> args,
    Map<String, String> settings,
    Map<String, String> environment,
    List<String> configTargets,
    String summary) {

  public static TrainingProgram of(LaunchPlan plan) {
    String framework = plan.job().framework().name();
    if (framework.startsWith("megatron")) {
      return megatron(plan);
    }
    if (framework.equals("deepspeed")) {
      return deepspeed(plan);
    }
    if (framework.equals("fsdp") && TorchtitanConfig.modelName(plan.job().model()) != null) {
      return torchtitan(plan);
    }
    return new TrainingProgram(List.of("${TRAIN_SCRIPT}"), List.of(),
        ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR", checkpoints(plan)), Map.of(), List.of(),
        "your " + framework + " training script (TRAIN_SCRIPT); llmplan has no configuration target for "
            + framework);
  }

  /** Megatron-LM's pretrain_gpt.py with the plan's flags, data and checkpoint paths from the environment. */
  static TrainingProgram megatron(LaunchPlan plan) {
    List<String> args = new ArrayList<>(MegatronArguments.of(plan.job()));
    args.addAll(List.of("--data-path", "${DATA_PATH}", "--tokenizer-type", "HuggingFaceTokenizer",
        "--tokenizer-model", "${TOKENIZER_MODEL}", "--train-iters", "${TRAIN_ITERS}", "--lr", "${LR}",
        "--save", "${CHECKPOINT_DIR}", "--load", "${CHECKPOINT_DIR}", "--save-interval", "${SAVE_INTERVAL}",
        "--exit-signal-handler", "--log-interval", "1", "--log-throughput"));
    Map<String, String> settings = ordered("MEGATRON_DIR", "/workspace/Megatron-LM",
        "DATA_PATH", "/data/tokens/text_document", "TOKENIZER_MODEL", "/data/tokenizer",
        "CHECKPOINT_DIR", checkpoints(plan), "TRAIN_ITERS", "1000", "LR", "0.0003", "SAVE_INTERVAL", "500");
    // TP communication overlaps GEMMs only when kernels are queued in order on one connection.
    return new TrainingProgram(List.of("${MEGATRON_DIR}/pretrain_gpt.py"), args, settings,
        ordered("CUDA_DEVICE_MAX_CONNECTIONS", "1"), List.of("megatron"),
        "Megatron-LM pretrain_gpt.py with the arguments of megatron/megatron-args.sh");
  }

  private static TrainingProgram deepspeed(LaunchPlan plan) {
    return new TrainingProgram(List.of("${TRAIN_SCRIPT}"),
        List.of("--deepspeed", "--deepspeed_config", "${BUNDLE_DIR}/deepspeed/ds_config.json"),
        ordered("TRAIN_SCRIPT", "${BUNDLE_DIR}/train.py", "CHECKPOINT_DIR", checkpoints(plan)), Map.of(),
        List.of("deepspeed"), "your DeepSpeed training script (TRAIN_SCRIPT) with deepspeed/ds_config.json");
  }

  private static TrainingProgram torchtitan(LaunchPlan plan) {
    return new TrainingProgram(List.of("-m", "torchtitan.train"),
        List.of("--job.config_file", "${BUNDLE_DIR}/torchtitan/train.toml", "--job.dump_folder", "${CHECKPOINT_DIR}"),
        ordered("CHECKPOINT_DIR", checkpoints(plan)), Map.of(), List.of("torchtitan"),
        "torchtitan (FSDP2) with torchtitan/train.toml");
  }

  private static String checkpoints(LaunchPlan plan) {
    return "/data/checkpoints/" + plan.name();
  }

  /** torchrun's positional part: the entry point followed by the program's arguments. */
  public List<String> words() {
    List<String> w = new ArrayList<>(entry);
    w.addAll(args);
    return w;
  }

  private static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
