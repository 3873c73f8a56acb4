package org.llmplan.emit.framework;

import static org.llmplan.emit.Formats.map;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.llmplan.emit.TrainingSchedule;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.plan.LearningRate;
import org.llmplan.train.TrainingJob;

/**
 * A torchtitan job config in the legacy TOML form (torchtitan/config/job_config.py at 238fa99 = 9810191~1; the
 * example torchtitan/models/llama3/train_configs/llama3_8b.toml), written only when the user asks for that pin:
 * torchtitan removed TOML on 2026-02-23 (commit 9810191). torchtitan shards with FSDP2 over a device mesh whose
 * degrees multiply to the world size: dp_replicate x dp_shard x cp x tp x pp = GPUs. A pipeline step runs
 * local_batch_size / pipeline_parallel_microbatch_size microbatches (torchtitan.json pp_n_microbatches), so the
 * local batch holds all the plan's microbatches of a step.
 */
public final class TorchtitanConfig {
  /** Models torchtitan registers, by catalog family: llama3, llama4, qwen3, deepseek_v3. */
  private static final Map<String, String> MODELS = Map.of("llama", "llama3", "llama4", "llama4",
      "qwen3", "qwen3", "qwen3_moe", "qwen3", "deepseek_v3", "deepseek_v3");
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)b(?:$|-)");

  private TorchtitanConfig() {}

  /** torchtitan's model name for a catalog model, or null when torchtitan has none (Llama 2 is not Llama 3). */
  private static String modelName(ModelSpec m) {
    if ("llama".equals(m.family()) && !m.name().startsWith("llama-3")) {
      return null;
    }
    return m.family() == null ? null : MODELS.get(m.family());
  }

  /** torchtitan's flavor names are sizes ("8B", "70B", "671B"); read from the catalog name. */
  private static String flavor(ModelSpec m) {
    Matcher size = SIZE.matcher(m.name());
    return size.find() ? size.group(1).toUpperCase(Locale.ROOT) + "B" : m.name();
  }

  /** torchtitan's model name for the job's model, or a one-line refusal. */
  static String model(TrainingJob job) {
    String model = modelName(job.model());
    if (model == null) {
      throw new InvalidLayoutException("torchtitan has no model for " + job.model().name() + " (family "
          + job.model().family() + "); it trains llama3, llama4, qwen3 and deepseek_v3 models");
    }
    return model;
  }

  static String flavor(TrainingJob job) {
    return flavor(job.model());
  }

  static String parameterPrecision(TrainingJob job) {
    return switch (job.precision()) {
      case BF16, FP8 -> "bfloat16";
      case FP32, TF32 -> "float32";
      default -> throw new InvalidLayoutException("torchtitan trains in bf16, fp8 or fp32, not "
          + job.precision().label());
    };
  }

  static Map<String, Object> of(TrainingJob job, TrainingSchedule schedule) {
    Parallelism p = job.parallelism();
    Map<String, Object> modelSection = map("name", model(job), "flavor", flavor(job.model()));
    int pipelineMicroBatches = p.pp() > 1 ? job.microBatches() : 1;
    Map<String, Object> training = map(
        "local_batch_size", p.microBatch() * pipelineMicroBatches,
        "global_batch_size", job.globalBatch(),
        "seq_len", job.seq(),
        "steps", schedule.steps(),
        "mixed_precision_param", parameterPrecision(job));
    if (job.recipe() == org.llmplan.train.QuantizationRecipe.FP8_BLOCKWISE
        || job.recipe() == org.llmplan.train.QuantizationRecipe.MXFP8) {
      throw new InvalidLayoutException("torchtitan's float8 converter scales per tensor, not "
          + job.precisionLabel() + "; use --precision fp8-current or another framework");
    }
    if (job.precision() == org.llmplan.hardware.Precision.FP8) {
      modelSection.put("converters", List.of("float8"));
    }
    offload(p, training);
    Map<String, Object> parallelism = parallelism(job);
    if (p.pp() > 1) {
      parallelism.put("pipeline_parallel_microbatch_size", p.microBatch());
    }
    Map<String, Object> config = map(
        "job", map("description", job.model().name() + " " + p.label()),
        "model", modelSection,
        "optimizer", map("lr", schedule.learningRate().peak()),
        "lr_scheduler", lrScheduler(schedule),
        "training", training,
        "parallelism", parallelism,
        "activation_checkpoint", map("mode", p.recompute().label(), "selective_ac_option", "op"),
        // The profile's element-wise traffic assumes what this says: fused (compiled) or eager kernels.
        "compile", map("enable", !job.framework().eagerElementwise(), "components", List.of("model", "loss")),
        "checkpoint", map("enable", true, "folder", "checkpoint", "interval", schedule.saveInterval()));
    return config;
  }

  /** The plan's schedule in torchtitan's terms: warmup steps, then linear or cosine to min_lr_factor x peak. */
  static Map<String, Object> lrScheduler(TrainingSchedule s) {
    LearningRate lr = s.learningRate();
    if ("constant".equals(lr.decay())) {
      throw new InvalidLayoutException("torchtitan's schedule decays linear, sqrt or cosine; use --lr-decay cosine "
          + "or linear for this target");
    }
    return map("warmup_steps", s.warmupSteps(), "decay_type", lr.decay(), "min_lr_factor", lr.minimum() / lr.peak());
  }

  static void offload(Parallelism p, Map<String, Object> training) {
    boolean optimizer = p.offloadOptimizer() != OffloadTarget.NONE;
    boolean parameters = p.offloadParameters() != OffloadTarget.NONE;
    if (!optimizer && !parameters) {
      return;
    }
    // FSDP2's CPUOffloadPolicy moves parameters, gradients and optimizer states together, to CPU only.
    if (optimizer != parameters || p.offloadOptimizer() == OffloadTarget.NVME
        || p.offloadParameters() == OffloadTarget.NVME) {
      throw new InvalidLayoutException("torchtitan offloads parameters and optimizer together to CPU only; use "
          + "--offload-optimizer cpu --offload-params cpu, or the deepspeed target");
    }
    training.put("enable_cpu_offload", true);
  }

  /** The device-mesh degrees and the pipeline's schedule and stage size, the same in both config systems. */
  static Map<String, Object> parallelism(TrainingJob job) {
    Parallelism p = job.parallelism();
    int replicate;
    int shard;
    String reshard = "default";
    switch (p.sharding()) {
      case NONE -> {
        replicate = p.dp();
        shard = 1;
      }
      case FSDP_FULL, ZERO3 -> {
        replicate = 1;
        shard = p.dp();
      }
      case FSDP_GRAD_OP -> {
        // Parameters stay gathered between forward and backward: ZeRO-2-like.
        replicate = 1;
        shard = p.dp();
        reshard = "never";
      }
      case FSDP_HYBRID -> {
        shard = p.shardGroup() > 0 ? p.shardGroup() : p.dp();
        replicate = p.dp() / shard;
      }
      default -> throw new InvalidLayoutException("torchtitan shards with FSDP2; sharding " + p.sharding().label()
          + " has no equivalent there, use --fsdp full, hybrid or grad-op");
    }
    if (p.unevenSplit() || p.embeddingInSplit() || p.lossInSplit()) {
      // pipeline_parallel_layers_per_stage states an even split of the layers alone; how torchtitan weighs the
      // embedding and the loss is not in the manifest (torchtitan.json), so a split that counts them is refused.
      throw new InvalidLayoutException("the torchtitan target splits layers evenly over pipeline stages; drop "
          + "--first-stage-layers, --last-stage-layers, --embedding-in-split and --loss-in-split");
    }
    Map<String, Object> m = map(
        "data_parallel_replicate_degree", replicate,
        "data_parallel_shard_degree", shard,
        "fsdp_reshard_after_forward", reshard,
        "tensor_parallel_degree", p.tp(),
        "pipeline_parallel_degree", p.pp(),
        "context_parallel_degree", p.cp(),
        "expert_parallel_degree", p.ep());
    if (p.pp() > 1) {
      m.put("pipeline_parallel_schedule", p.interleaved() ? "Interleaved1F1B" : "1F1B");
      m.put("pipeline_parallel_layers_per_stage", job.model().layers() / (p.pp() * p.vpp()));
    }
    return m;
  }
}
