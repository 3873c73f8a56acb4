package org.llmplan.emit.framework;

import static org.llmplan.emit.Formats.map;

import java.util.List;
import java.util.Map;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.Formats;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.TrainingSchedule;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.plan.LearningRate;
import org.llmplan.train.Optimizer;
import org.llmplan.train.TrainingJob;

/**
 * A DeepSpeed config JSON (deepspeed/runtime/config.py and zero/config.py at deepspeedai/DeepSpeed edaa722).
 * All three batch values are written so DeepSpeed checks rather than derives them: train_batch_size =
 * micro-batch x gradient accumulation x data-parallel size. With a pipeline the data-parallel size is the
 * PipelineModule grid's, GPUs / PP, which the framework profile keeps equal to the plan's by refusing TP and CP
 * beside PP (deepspeed.json pipe_default_topology); without one it is the script's mpu's, GPUs / TP.
 */
public final class DeepSpeedTarget implements EmitTarget {
  public static final String FILE = "deepspeed/ds_config.json";
  static final String NAME = "deepspeed";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier) {
    return List.of(BundleFile.text(FILE, "DeepSpeed config", Formats.json(config(plan))));
  }

  static Map<String, Object> config(LaunchPlan plan) {
    TrainingJob job = plan.job();
    Parallelism p = job.parallelism();
    if (p.unevenSplit() || p.embeddingInSplit() || p.lossInSplit()) {
      // The split is PipelineModule's partition_method in the user's script, which the config cannot state.
      throw new InvalidLayoutException("the deepspeed target leaves the pipeline split to PipelineModule in your "
          + "script; drop --first-stage-layers, --last-stage-layers, --embedding-in-split and --loss-in-split");
    }
    Map<String, Object> c = map(
        "train_batch_size", job.globalBatch(),
        "train_micro_batch_size_per_gpu", p.microBatch(),
        "gradient_accumulation_steps", job.microBatches(),
        "gradient_clipping", 1.0,
        "steps_per_print", 10,
        "wall_clock_breakdown", false);
    switch (job.precision()) {
      case BF16 -> c.put("bf16", map("enabled", true));
      case FP16 -> c.put("fp16", map("enabled", true, "loss_scale", 0, "initial_scale_power", 16));
      case FP32, TF32 -> { }
      default -> throw new InvalidLayoutException("DeepSpeed's config has no " + job.precision().label()
          + " mode (FP8 comes from Transformer Engine inside the model); use --precision bf16 for this target");
    }
    int stage = zeroStage(p);
    c.put("zero_optimization", zero(job, stage));
    if (p.recompute() != Recompute.NONE) {
      // Which layers are checkpointed is the model code's choice (deepspeed.checkpointing.checkpoint);
      // partitioning the saved inputs across TP ranks is what the config controls.
      c.put("activation_checkpointing", map("partition_activations", p.tp() > 1,
          "contiguous_memory_optimization", false, "cpu_checkpointing", false));
    }
    optimizer(job, plan.schedule().learningRate(), c);
    scheduler(plan.schedule(), c);
    return c;
  }

  private static int zeroStage(Parallelism p) {
    return switch (p.sharding()) {
      case NONE -> 0;
      case ZERO1, DISTRIBUTED_OPTIMIZER -> 1;
      case ZERO2 -> 2;
      case ZERO3 -> 3;
      default -> throw new InvalidLayoutException("DeepSpeed has no " + p.sharding().label()
          + " sharding; ZeRO-3 is its equivalent of FSDP full sharding (--zero 3)");
    };
  }

  private static Map<String, Object> zero(TrainingJob job, int stage) {
    Parallelism p = job.parallelism();
    Map<String, Object> z = map("stage", stage,
        // The pipeline engine forces overlap_comm off under ZeRO-1 (deepspeed.json pipe_zero1_no_overlap).
        "overlap_comm", job.framework().dpOverlap() > 0 && p.pp() == 1,
        "contiguous_gradients", true,
        "reduce_scatter", true,
        "reduce_bucket_size", (long) job.framework().reduceBucketElements());
    if (stage == 3) {
      z.putAll(map("stage3_prefetch_bucket_size", 50_000_000L, "stage3_param_persistence_threshold", 100_000L,
          "stage3_max_live_parameters", 1_000_000_000L, "stage3_gather_16bit_weights_on_model_save", true));
    }
    if (p.offloadOptimizer() != OffloadTarget.NONE) {
      if (stage == 0) {
        throw new InvalidLayoutException("DeepSpeed offloads the optimizer from ZeRO stage 1 up; add --zero 1");
      }
      z.put("offload_optimizer", offload(p.offloadOptimizer()));
    }
    if (p.offloadParameters() != OffloadTarget.NONE) {
      if (stage != 3) {
        throw new InvalidLayoutException("DeepSpeed offloads parameters only under ZeRO-3; use --zero 3");
      }
      z.put("offload_param", offload(p.offloadParameters()));
    }
    return z;
  }

  private static Map<String, Object> offload(OffloadTarget target) {
    Map<String, Object> o = map("device", target.label(), "pin_memory", true);
    if (target == OffloadTarget.NVME) {
      o.put("nvme_path", "/local_nvme");
    }
    return o;
  }

  /** DeepSpeed's own Adam/AdamW (CPU Adam under offload) at the plan's peak rate; others come from the script. */
  private static void optimizer(TrainingJob job, LearningRate lr, Map<String, Object> c) {
    Optimizer o = job.optimizer();
    boolean offloaded = job.parallelism().offloadOptimizer() != OffloadTarget.NONE;
    if (o == Optimizer.ADAM || o == Optimizer.ADAMW) {
      c.put("optimizer", map("type", o == Optimizer.ADAMW ? "AdamW" : "Adam", "params",
          map("lr", lr.peak(), "betas", List.of(0.9, 0.95), "eps", 1.0e-8, "weight_decay", 0.1)));
    } else if (offloaded) {
      throw new InvalidLayoutException("DeepSpeed's optimizer offload runs its CPU Adam; optimizer "
          + o.label() + " cannot be offloaded, use --optimizer adamw");
    }
  }

  /**
   * The plan's schedule as a DeepSpeed scheduler (deepspeed/runtime/lr_schedules.py): linear warmup over the
   * plan's warmup steps, then cosine to the minimum (WarmupCosineLR's cos_min_ratio is minimum / peak), linear to
   * zero (WarmupDecayLR), or constant (WarmupLR).
   */
  private static void scheduler(TrainingSchedule s, Map<String, Object> c) {
    LearningRate lr = s.learningRate();
    Map<String, Object> params = map("warmup_num_steps", s.warmupSteps(), "warmup_type", "linear");
    String type = switch (lr.decay()) {
      case "cosine" -> {
        params.putAll(map("total_num_steps", s.steps(), "warmup_min_ratio", 0.0,
            "cos_min_ratio", lr.minimum() / lr.peak()));
        yield "WarmupCosineLR";
      }
      case "linear" -> {
        if (lr.minimum() > 0) {
          throw new InvalidLayoutException("DeepSpeed's linear schedule (WarmupDecayLR) decays to 0; use --min-lr 0 "
              + "or --lr-decay cosine");
        }
        params.putAll(map("total_num_steps", s.steps(), "warmup_min_lr", 0.0, "warmup_max_lr", lr.peak()));
        yield "WarmupDecayLR";
      }
      default -> {
        params.putAll(map("warmup_min_lr", 0.0, "warmup_max_lr", lr.peak()));
        yield "WarmupLR";
      }
    };
    c.put("scheduler", map("type", type, "params", params));
  }
}
