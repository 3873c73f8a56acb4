package org.llmplan.emit.framework;

import static org.llmplan.emit.Formats.map;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmplan.emit.TrainingSchedule;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.train.TrainingJob;

/**
 * The plan as command-line overrides of a current torchtitan config (b5bcd76: a Python config function chosen
 * with --module and --config, then --section.field flags applied by tyro; torchtitan.json new_constraints). Batch
 * is in tokens: a microbatch holds micro-batch x sequence tokens per data-parallel rank, a step the global batch's
 * tokens, and with a pipeline num_pp_microbatches is the plan's microbatch count, so a step is one accumulation
 * (tokens_step_divisible). What the config function fixes and the CLI cannot reach (the dataset, the optimizer's
 * param groups, the activation-checkpoint kind, float8) the plan must agree with or is refused.
 */
final class TorchtitanArguments {
  /** Config functions of torchtitan.models.llama3.config_registry at b5bcd76 (torchtitan.json select_unknown_function). */
  static final List<String> LLAMA3_CONFIGS = List.of("llama3_8b", "llama3_70b", "llama3_405b");

  private TorchtitanArguments() {}

  /** The config function for the job's model, e.g. "llama3_8b", or a one-line refusal. */
  static String configFunction(TrainingJob job) {
    String model = TorchtitanConfig.model(job);
    String name = model + "_" + TorchtitanConfig.flavor(job).toLowerCase(Locale.ROOT);
    if (!LLAMA3_CONFIGS.contains(name)) {
      throw new InvalidLayoutException("llmplan knows the current torchtitan's config functions " + LLAMA3_CONFIGS
          + " only, not one for " + job.model().name() + "; use --framework-ref 238fa99 for the TOML config");
    }
    return name;
  }

  static List<String> of(TrainingJob job, TrainingSchedule schedule) {
    Parallelism p = job.parallelism();
    Map<String, Object> parallelism = TorchtitanConfig.parallelism(job);
    if (p.recompute() != Recompute.SELECTIVE) {
      throw new InvalidLayoutException("the llama3 config functions of the current torchtitan checkpoint activations "
          + "selectively; plan with --recompute selective, or use --framework-ref 238fa99");
    }
    if (job.precision() == org.llmplan.hardware.Precision.FP8) {
      throw new InvalidLayoutException("float8 training in the current torchtitan is not in llmplan's torchtitan "
          + "manifest; use --precision bf16, or --framework-ref 238fa99");
    }
    long tokensPerMicroBatch = (long) p.microBatch() * job.seq();
    Map<String, Object> training = map(
        "num_tokens_per_microbatch_per_dp_rank", tokensPerMicroBatch,
        "num_tokens_per_train_step", (long) job.globalBatch() * job.seq(),
        "max_context_length", job.seq(),
        "steps", schedule.steps(),
        "mixed_precision_param", TorchtitanConfig.parameterPrecision(job));
    TorchtitanConfig.offload(p, training);
    if (p.pp() > 1) {
      parallelism.put("num_pp_microbatches", job.microBatches());
      // CUDA graphs do not run with pipelines (torchtitan.json pp_no_cuda_graphs).
      training.put("disable_cuda_graphs", true);
    }
    Map<String, Object> sections = map(
        "training", training,
        "parallelism", parallelism,
        "lr_scheduler", TorchtitanConfig.lrScheduler(schedule),
        "compile", map("enable", !job.framework().eagerElementwise()),
        "checkpoint", map("enable", true, "folder", "checkpoint", "interval", schedule.saveInterval()));
    return flags(sections);
  }

  /** --section.field value for each field; a true boolean is a bare flag and a false one is left at its default. */
  static List<String> flags(Map<String, Object> sections) {
    List<String> a = new ArrayList<>();
    sections.forEach((section, fields) -> ((Map<?, ?>) fields).forEach((field, value) -> {
      String flag = "--" + section + "." + field;
      if (value instanceof Boolean b) {
        if (b) {
          a.add(flag);
        }
      } else {
        a.addAll(List.of(flag, value instanceof Double d ? MegatronArguments.decimal(d) : String.valueOf(value)));
      }
    }));
    return a;
  }
}
