package org.llmplan.emit.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.TrainingProgram;

/** Megatron-LM / Megatron-Core / NeMo: pretrain_gpt.py with the plan's flags, inlined in every launcher. */
public final class MegatronFramework implements TrainingFramework {
  @Override
  public String name() {
    return "megatron";
  }

  /**
   * Megatron-LM's pretrain_gpt.py with the plan's flags and its schedule (steps, checkpoint interval, learning
   * rate); data, tokenizer and checkpoint paths come from the environment.
   */
  @Override
  public TrainingProgram program(LaunchPlan plan) {
    List<String> args = new ArrayList<>(MegatronArguments.of(plan.job()));
    args.addAll(MegatronArguments.schedule(plan.schedule()));
    args.addAll(List.of("--data-path", "${DATA_PATH}", "--tokenizer-type", "HuggingFaceTokenizer",
        "--tokenizer-model", "${TOKENIZER_MODEL}",
        "--save", "${CHECKPOINT_DIR}", "--load", "${CHECKPOINT_DIR}",
        "--exit-signal-handler", "--log-interval", "1", "--log-throughput"));
    Map<String, String> settings = TrainingProgram.ordered("MEGATRON_DIR", "/workspace/Megatron-LM",
        "DATA_PATH", "/data/tokens/text_document", "TOKENIZER_MODEL", "/data/tokenizer",
        "CHECKPOINT_DIR", TrainingProgram.checkpoints(plan));
    MegatronArguments.UNSTATED.forEach((name, value) -> {
      if (args.contains("${" + name + "}")) {
        settings.put(name, value);
      }
    });
    // TP communication overlaps GEMMs only when kernels are queued in order on one connection.
    return new TrainingProgram(List.of("${MEGATRON_DIR}/pretrain_gpt.py"), args, settings,
        TrainingProgram.ordered("CUDA_DEVICE_MAX_CONNECTIONS", "1"), List.of(MegatronTarget.NAME),
        "Megatron-LM pretrain_gpt.py with the arguments of " + MegatronTarget.FILE);
  }

  @Override
  public List<EmitTarget> targets() {
    return List.of(new MegatronTarget());
  }

  /** The commit of reference/upstream/megatron-lm.json. */
  @Override
  public List<String> pins() {
    return List.of("d98e8a64ddf34856e74b24714e3bedb2f5a39553");
  }

  @Override
  public String install(LaunchPlan plan) {
    return Checkout.of("MEGATRON_LM_REF", plan.pin(), "https://github.com/NVIDIA/Megatron-LM.git",
        "/workspace/Megatron-LM", "Megatron-LM (flags of megatron/training/arguments.py at this commit)");
  }
}
