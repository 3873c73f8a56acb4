package org.llmplan.emit.framework;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.emit.TrainingSchedule;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ModelNumerics;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;
import org.llmplan.parallel.Parallelism;
import org.llmplan.plan.LearningRate;
import org.llmplan.parallel.Recompute;
import org.llmplan.train.QuantizationRecipe;
import org.llmplan.train.TrainingJob;

/**
 * The Megatron-LM / Megatron-Core arguments of a job (pretrain_gpt.py). Flag names follow
 * megatron/training/arguments.py at NVIDIA/Megatron-LM d98e8a6: dataclass fields become dashed flags, and
 * virtual stages are given as --num-layers-per-virtual-pipeline-stage (or, with an uneven split or the
 * embedding and loss counted, --num-virtual-stages-per-pipeline-rank) because
 * --virtual-pipeline-model-parallel-size is no longer a command-line flag. The job's layout already obeys
 * Megatron's divisibility rules ({@link org.llmplan.parallel.LayoutRules}); what the job can hold but
 * Megatron cannot run is refused here.
 */
public final class MegatronArguments {
  private MegatronArguments() {}

  /** The model, layout, batch and precision flags, without data and checkpoint paths. */
  public static List<String> of(TrainingJob job) {
    List<String> a = new ArrayList<>();
    model(a, job.model(), job.seq());
    layout(a, job);
    a.addAll(List.of("--micro-batch-size", str(job.parallelism().microBatch()),
        "--global-batch-size", str(job.globalBatch())));
    precision(a, job);
    return a;
  }

  private static void model(List<String> a, ModelSpec m, int seq) {
    a.addAll(List.of("--num-layers", str(m.layers()), "--hidden-size", str(m.hidden()),
        "--num-attention-heads", str(m.heads())));
    if (m.denseLayers() > 0) {
      a.addAll(List.of("--ffn-hidden-size", str(m.ffn())));
    }
    if (m.mla() != null) {
      a.addAll(List.of("--multi-latent-attention", "--q-lora-rank", str(m.mla().qLoraRank()),
          "--kv-lora-rank", str(m.mla().kvLoraRank()), "--qk-head-dim", str(m.mla().qkNopeHeadDim()),
          "--qk-pos-emb-head-dim", str(m.mla().qkRopeHeadDim()), "--v-head-dim", str(m.mla().vHeadDim())));
    } else {
      if (m.kvHeads() < m.heads()) {
        a.addAll(List.of("--group-query-attention", "--num-query-groups", str(m.kvHeads())));
      }
      if ((long) m.headDim() * m.heads() != m.hidden()) {
        a.addAll(List.of("--kv-channels", str(m.headDim())));
      }
    }
    int positions = Math.max(seq, m.positional() == Positional.LEARNED ? m.positionRows() : m.maxPosition());
    a.addAll(List.of("--seq-length", str(seq), "--max-position-embeddings", str(positions)));
    a.addAll(List.of("--position-embedding-type", switch (m.positional()) {
      case ROPE -> "rope";
      case LEARNED -> "learned_absolute";
      case ALIBI -> throw new InvalidLayoutException("Megatron-LM has no ALiBi position embedding; "
          + m.name() + " cannot be trained with the megatron target");
    }));
    a.addAll(List.of("--normalization", m.norm() == NormKind.RMS ? "RMSNorm" : "LayerNorm"));
    numerics(a, m);
    if (m.gatedMlp()) {
      a.add("--swiglu");
    }
    if (m.linearBias() != LinearBias.ALL) {
      a.add("--disable-bias-linear");
    }
    if (m.linearBias() == LinearBias.QKV) {
      a.add("--add-qkv-bias");
    }
    if (m.qkNorm()) {
      a.add("--qk-layernorm");
    }
    if (!m.tiedEmbeddings()) {
      a.add("--untie-embeddings-and-output-weights");
    }
    if (!m.dropout()) {
      a.addAll(List.of("--attention-dropout", "0.0", "--hidden-dropout", "0.0"));
    }
    if (m.isMoe()) {
      moe(a, m);
    }
  }

  /**
   * Rotary base, Llama 3.1 rope scaling and norm epsilon from the model's config; where the catalog does not state
   * one the flag reads a setting ({@link #UNSTATED}) instead of Megatron's default being taken silently.
   */
  private static void numerics(List<String> a, ModelSpec m) {
    ModelNumerics n = m.numerics();
    if (m.positional() == Positional.ROPE) {
      Double theta = n.ropeTheta();
      if (theta != null && theta != Math.rint(theta)) {
        throw new InvalidLayoutException("Megatron's --rotary-base is an integer; " + m.name() + " has rope_theta "
            + theta);
      }
      a.addAll(List.of("--rotary-base", theta == null ? "${ROTARY_BASE}" : str(theta.longValue())));
      ModelNumerics.RopeScaling s = n.ropeScaling();
      if (s != null) {
        // --use-rope-scaling applies Llama 3.1's scaling with low 1, high 4 over the original 8192 positions.
        if (!"llama3".equals(s.type()) || s.lowFreqFactor() != 1 || s.highFreqFactor() != 4
            || s.originalMaxPosition() != 8192) {
          throw new InvalidLayoutException("Megatron's --use-rope-scaling is Llama 3.1's; " + m.name()
              + " scales rope by " + s.type() + ", which the megatron target does not write");
        }
        a.addAll(List.of("--use-rope-scaling", "--rope-scaling-factor", decimal(s.factor())));
      }
    }
    a.addAll(List.of("--norm-epsilon", n.normEpsilon() == null ? "${NORM_EPSILON}" : decimal(n.normEpsilon())));
  }

  /**
   * Settings for the numerics the catalog does not state, with Megatron's own defaults (rotary base 10000, norm
   * epsilon 1e-5, megatron-lm.json): a comment in the file asks for the model's values.
   */
  public static final java.util.Map<String, String> UNSTATED = java.util.Collections.unmodifiableMap(
      org.llmplan.emit.TrainingProgram.ordered("ROTARY_BASE", "10000", "NORM_EPSILON", "0.00001"));

  private static void moe(List<String> a, ModelSpec m) {
    MoeSpec e = m.moe();
    a.addAll(List.of("--num-experts", str(e.experts()), "--moe-router-topk", str(e.topK()),
        "--moe-ffn-hidden-size", str(e.expertFfn()), "--moe-grouped-gemm"));
    if (e.sharedExperts() > 0) {
      a.addAll(List.of("--moe-shared-expert-intermediate-size", str(e.sharedExperts() * e.sharedExpertFfn())));
    }
    if (e.denseLayers() > 0 || e.layerStep() > 1) {
      a.addAll(List.of("--moe-layer-freq", layerPattern(m)));
    }
    if (e.capacityFactor() > 0) {
      a.addAll(List.of("--moe-expert-capacity-factor", Double.toString(e.capacityFactor())));
    }
  }

  /**
   * Megatron's --moe-layer-freq as the Python list expression it evaluates, one 0/1 per layer, written as
   * runs: "([0]*3+[1]*58)" for DeepSeek-V3's three dense layers.
   */
  static String layerPattern(ModelSpec m) {
    StringBuilder b = new StringBuilder("(");
    int layer = 0;
    while (layer < m.layers()) {
      boolean moe = m.moe().isMoeLayer(layer);
      int run = 0;
      while (layer < m.layers() && m.moe().isMoeLayer(layer) == moe) {
        run++;
        layer++;
      }
      b.append(b.length() > 1 ? "+" : "").append(moe ? "[1]*" : "[0]*").append(run);
    }
    return b.append(")").toString();
  }

  /** Virtual stages and how the layers are dealt to the stages ({@link org.llmplan.parallel.PipelineSplit}). */
  private static void pipeline(List<String> a, TrainingJob job) {
    Parallelism p = job.parallelism();
    boolean counted = p.embeddingInSplit() || p.lossInSplit();
    if (p.interleaved() && !p.unevenSplit() && !counted) {
      a.addAll(List.of("--num-layers-per-virtual-pipeline-stage", str(job.model().layers() / p.pp() / p.vpp())));
    } else if (p.interleaved()) {
      // Megatron refuses layers per virtual stage beside an uneven split (megatron-lm.json
      // uneven_needs_vstages_flag), and with the embedding or loss counted a stage holds fewer layers than
      // L / (p v): the number of virtual stages says the same without either problem.
      a.addAll(List.of("--num-virtual-stages-per-pipeline-rank", str(p.vpp())));
    }
    if (p.firstStageLayers() > 0) {
      a.addAll(List.of("--decoder-first-pipeline-num-layers", str(p.firstStageLayers())));
    }
    if (p.lastStageLayers() > 0) {
      a.addAll(List.of("--decoder-last-pipeline-num-layers", str(p.lastStageLayers())));
    }
    if (p.embeddingInSplit()) {
      a.add("--account-for-embedding-in-pipeline-split");
    }
    if (p.lossInSplit()) {
      a.add("--account-for-loss-in-pipeline-split");
    }
  }

  private static void layout(List<String> a, TrainingJob job) {
    Parallelism p = job.parallelism();
    a.addAll(List.of("--tensor-model-parallel-size", str(p.tp()), "--pipeline-model-parallel-size", str(p.pp()),
        "--context-parallel-size", str(p.cp())));
    pipeline(a, job);
    if (p.ep() > 1) {
      a.addAll(List.of("--expert-model-parallel-size", str(p.ep()), "--moe-token-dispatcher-type", "alltoall"));
      // Megatron's expert TP defaults to TP; a plan that folds EP over the TP ranks runs its experts unsplit.
      if (p.expertTensorParallel() != p.tp()) {
        a.addAll(List.of("--expert-tensor-parallel-size", str(p.expertTensorParallel())));
      }
    }
    // Megatron raises ValueError for --sequence-parallel with TP 1, so it is passed only where it takes effect.
    if (p.effectiveSequenceParallel()) {
      a.add("--sequence-parallel");
    }
    if (p.recompute() == Recompute.SELECTIVE) {
      a.addAll(List.of("--recompute-granularity", "selective"));
    } else if (p.recompute() == Recompute.FULL) {
      // Full recompute needs a method and a layer count; uniform over 1 layer re-runs every layer (the model's
      // "store only each layer's input").
      a.addAll(List.of("--recompute-granularity", "full", "--recompute-method", "uniform",
          "--recompute-num-layers", "1"));
    }
    boolean distributedOptimizer = switch (p.sharding()) {
      case NONE -> false;
      case DISTRIBUTED_OPTIMIZER -> true;
      default -> throw new InvalidLayoutException("Megatron-LM shards with its distributed optimizer only; "
          + "sharding " + p.sharding().label() + " needs the deepspeed or torchtitan target");
    };
    if (distributedOptimizer) {
      a.add("--use-distributed-optimizer");
    }
    boolean overlap = job.framework().dpOverlap() > 0 && p.denseDataParallel() > 1;
    if (overlap) {
      a.add("--overlap-grad-reduce");
    }
    // --overlap-param-gather needs the distributed optimizer and --overlap-grad-reduce (validate_args).
    if (overlap && distributedOptimizer) {
      a.add("--overlap-param-gather");
    }
    a.addAll(List.of("--attention-backend", switch (job.attention()) {
      case FLASH -> "flash";
      case SDPA -> "auto";
      case EAGER -> "unfused";
    }));
    a.addAll(List.of("--optimizer", switch (job.optimizer()) {
      case ADAMW, ADAM -> "adam";
      case SGD -> "sgd";
      default -> throw new InvalidLayoutException("Megatron-LM offers adam and sgd; optimizer "
          + job.optimizer().label() + " needs another framework");
    }));
  }

  private static void precision(List<String> a, TrainingJob job) {
    switch (job.precision()) {
      case BF16 -> a.add("--bf16");
      case FP16 -> a.add("--fp16");
      case FP8 -> a.addAll(List.of("--bf16", "--fp8-format", "hybrid", "--fp8-recipe", fp8Recipe(job.recipe())));
      // Megatron's defaults keep one layer at each end in BF16 (--num-layers-at-start/end-in-bf16 1), as planned
      case FP4 -> a.addAll(List.of("--bf16", "--fp4-format", "e2m1", "--fp4-recipe", "nvfp4",
          "--first-last-layers-bf16"));
      case FP32, TF32 -> { }
      default -> throw new InvalidLayoutException("Megatron-LM trains in bf16, fp16, fp8, fp4 or fp32, not "
          + job.precision().label());
    }
  }

  /** --fp8-recipe choices (megatron-lm.json): tensorwise is current scaling. */
  private static String fp8Recipe(QuantizationRecipe r) {
    return switch (r) {
      case FP8_CURRENT -> "tensorwise";
      case FP8_BLOCKWISE -> "blockwise";
      case MXFP8 -> "mxfp8";
      default -> "delayed";
    };
  }

  /**
   * How long the run trains and saves and its learning-rate schedule: warmup then decay to the minimum over the
   * whole run (--lr-decay-iters = --train-iters), Adam betas and weight decay of the Llama recipe.
   */
  public static List<String> schedule(TrainingSchedule s) {
    LearningRate lr = s.learningRate();
    List<String> a = new ArrayList<>(List.of("--train-iters", str(s.steps()), "--save-interval", str(s.saveInterval()),
        "--lr", decimal(lr.peak()), "--min-lr", decimal(lr.minimum()),
        "--lr-decay-style", lr.decay(), "--lr-warmup-iters", str(s.warmupSteps()),
        "--lr-decay-iters", str(s.steps())));
    a.addAll(List.of("--weight-decay", "0.1", "--adam-beta1", "0.9", "--adam-beta2", "0.95", "--clip-grad", "1.0"));
    return a;
  }

  /** A decimal without an exponent ("0.0003"), which YAML and the shell keep as the same text. */
  static String decimal(double value) {
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String str(long value) {
    return Long.toString(value);
  }
}
