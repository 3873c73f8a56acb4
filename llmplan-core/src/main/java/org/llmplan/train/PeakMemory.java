package org.llmplan.train;

import org.llmplan.profile.ActivationLayout;
import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.ParameterCounts;
import org.llmplan.model.Positional;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/**
 * The total of {@link TrainingMemoryEstimator#worstStage} as plain arithmetic: the same formulas over the
 * same stages (first, second, last), without the explained parts, so that a layout search can check
 * memory for millions of layouts. The parameter counts of the model are computed once, when this is built.
 * PeakMemoryTest holds it equal to the explained total on random jobs.
 */
public final class PeakMemory {
  private final ModelSpec model;
  private final ParameterCounts pc;

  public PeakMemory(ModelSpec model) {
    this.model = model;
    this.pc = model.parameters();
  }

  public ModelSpec model() {
    return model;
  }

  /** Bytes on the most loaded GPU: {@code worstStage(job).totalBytes()}. */
  public double gpuBytes(TrainingJob job) {
    // A LoRA job takes the explained path: its frozen base and adapters have no closed form here.
    return job.lora() != null ? new TrainingMemoryEstimator().worstStage(job).totalBytes() : evaluate(job, false);
  }

  /** Host memory a node needs for offloaded state, for the most loaded stage: as {@link MemoryEstimate}. */
  public double hostBytesPerNode(TrainingJob job) {
    if (job.lora() != null) {
      return 0; // offload is refused with LoRA (FrozenBase.check)
    }
    return evaluate(job, true) * job.gpusPerNode();
  }

  /**
   * The most loaded of the first, second and last stages: its GPU bytes, or with {@code host} its host bytes.
   * What does not depend on the stage is computed once; each stage then adds up its own layers.
   */
  private double evaluate(TrainingJob job, boolean host) {
    requireModel(job);
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    int pp = p.pp();
    double t = p.tp();
    double e = job.activationBytes();
    double sb = ActivationMemory.localTokens(job);
    double h = model.hidden();
    double rep = p.effectiveSequenceParallel() ? t : 1;
    boolean full = p.recompute() == Recompute.FULL;

    // One layer: its parameters on this GPU, and its activations for one micro-batch (ActivationMemory).
    double denseLayer = denseLayerParams(t);
    double moeLayerDense = moeLayerDenseParams(t);
    double moeLayerExperts = pc.routedExperts() / ((double) p.ep() * p.expertTensorParallel());
    double denseWorking = pc.denseLayers() > 0 ? workingSet(job, false) : 0;
    double moeWorking = pc.moeLayers() > 0 ? workingSet(job, true) : 0;
    double checkpoint = sb * h * e / rep; // full recompute keeps each layer's input
    double denseStored = full ? checkpoint : denseWorking;
    double moeStored = full ? checkpoint : moeWorking;
    double[] perParam = stateBytesPerParam(job);

    // Activations besides the layers, logits, buffers and overhead.
    double penalty = p.interleaved() ? 1 + (pp - 1.0) / (pp * p.vpp()) : 1;
    double embedding = 8 * sb + (model.dropout() ? sb * h / rep : 0);
    double logits = sb * h * e / rep + sb * model.vocab() * f.logitsBytesPerElement() / t;
    double gradBytes = job.policy().gradBytes(job.precision());
    double buffers = buffers(job, sb, gradBytes);
    double perLargestLayer = p.sharding().shardsParameters()
        ? f.gatheredLayers() * 2 + f.unshardedGradLayers() * gradBytes : 0;
    double ddpCopy = f.ddpGradientCopy() && p.dp() > 1 && p.sharding() == Sharding.NONE ? gradBytes : 0;
    double runtime = f.runtimeReservedGiB() * Accelerator.GIB;

    double worst = Double.NEGATIVE_INFINITY;
    double worstHost = 0;
    for (int k = 0, stages = pp == 1 ? 1 : pp == 2 ? 2 : 3; k < stages; k++) {
      int index = k == 2 ? pp - 1 : k;
      int moe = StageLayers.moeLayers(model, p, index);
      int dense = StageLayers.count(model, p, index) - moe;
      double denseParams = stageDenseParams(p, index, dense * denseLayer + moe * moeLayerDense);
      double expertParams = moe * moeLayerExperts;
      double whole = denseParams + expertParams;
      double sharded = denseParams / p.denseShards() + expertParams / p.expertShards();
      double largestLayer = Math.max(dense > 0 ? denseLayer : 0, moe > 0 ? moeLayerDense + moeLayerExperts : 0);
      double mult = Math.min(job.microBatches(), pp - index) * penalty;
      double activations = (dense > 0 ? denseStored * (dense * mult) : 0) + (moe > 0 ? moeStored * (moe * mult) : 0)
          + (full ? (moe > 0 && dense == 0 ? moeWorking : denseWorking) : 0) + (index == 0 ? embedding * mult : 0);
      double stageLogits = index == pp - 1 ? logits : 0;
      double stageBuffers = buffers + largestLayer * perLargestLayer + whole * ddpCopy;
      double churning = activations + stageLogits + stageBuffers;
      double total = whole * perParam[0] + sharded * perParam[1] + whole * perParam[4] + churning + runtime
          + f.fragmentation() * churning;
      if (total > worst) {
        worst = total;
        worstHost = whole * perParam[2] + sharded * perParam[3];
      }
    }
    return host ? worstHost : worst;
  }

  /** A dense layer's parameters on one GPU of a TP group of {@code t}. */
  private double denseLayerParams(double t) {
    return pc.attentionSharded() / t + pc.attentionReplicated() + pc.mlpSharded() / t + pc.mlpReplicated()
        + pc.blockNorms();
  }

  /** A MoE layer's parameters besides the routed experts on one GPU of a TP group of {@code t}. */
  private double moeLayerDenseParams(double t) {
    return pc.attentionSharded() / t + pc.attentionReplicated() + pc.sharedExperts() / t + pc.router()
        + pc.blockNorms();
  }

  private void requireModel(TrainingJob job) {
    if (job.model() != model) {
      throw new IllegalArgumentException("PeakMemory built for " + model.name() + " asked about "
          + job.model().name());
    }
  }

  /** The stage's dense parameters on one GPU: its layers', plus the embedding on the first, the head on the last. */
  private double stageDenseParams(Parallelism p, int index, double layers) {
    double t = p.tp();
    int pp = p.pp();
    double params = layers;
    if (index == 0) {
      params += pc.embedding() / t + pc.positions() + pc.embeddingNorm();
    }
    if (index == pp - 1) {
      params += pc.finalNorm() + (pc.lmHead() > 0 ? pc.lmHead() / t : pp > 1 ? pc.embedding() / t : 0);
    }
    return params;
  }

  /**
   * Model state (StateSizes) in bytes per parameter: GPU whole, GPU sharded, host whole, host sharded (state
   * held whole or sharded, on the GPU or offloaded to the host), and the GPU's extra 16-bit weight copies.
   */
  private double[] stateBytesPerParam(TrainingJob job) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    PrecisionPolicy policy = job.policy();
    Precision c = job.precision();
    Sharding s = p.sharding();
    double[] perParam = new double[5];
    OffloadTarget gradTarget = p.offloadOptimizer() != OffloadTarget.NONE ? p.offloadOptimizer()
        : p.offloadParameters();
    double moments = job.optimizer() == Optimizer.ADAFACTOR ? pc.factoredStateElements() * 4.0 / pc.total()
        : job.optimizer().stateBytesPerParam(policy);
    place(perParam, policy.paramBytes(c), s.shardsParameters(), p.offloadParameters(), f);
    place(perParam, policy.gradBytes(c), s.shardsGradients(), gradTarget, f);
    place(perParam, policy.masterBytes(c), s.shardsOptimizer(), p.offloadOptimizer(), f);
    place(perParam, moments, s.shardsOptimizer(), p.offloadOptimizer(), f);
    boolean sixteenBit = job.activationBytes() == 2;
    perParam[4] = (policy == PrecisionPolicy.AMP && sixteenBit && !s.isFsdp() ? 2 : 0) // autocast's casts
        + (s == Sharding.FSDP_GRAD_OP && policy.paramBytes(c) > 2 && sixteenBit ? 2 : 0) // gathered for backward
        + (c == Precision.FP8 ? 2 : 0); // Transformer Engine's FP8 weight cache
    return perParam;
  }

  /** Bytes of the framework's reduce buckets, pipeline send/receive buffers and sequence-parallel gathers. */
  private static double buffers(TrainingJob job, double sb, double gradBytes) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    double act = sb * job.model().hidden() * job.activationBytes();
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    return (f.reduceBucketElements() > 0 && p.dp() > 1 && p.sharding() != Sharding.NONE
        ? f.reduceBucketElements() * gradBytes : 0)
        + (p.pp() > 1 ? 2 * act / rep : 0) + (p.effectiveSequenceParallel() ? act : 0)
        + MoeMemory.dispatchBytes(job);
  }

  /** Adds one piece of state to the bytes per parameter: kept on the GPU, or offloaded (host memory for CPU). */
  private static void place(double[] perParam, double bytes, boolean sharded, OffloadTarget target,
      FrameworkProfile f) {
    int column = sharded ? 1 : 0;
    if (target == OffloadTarget.NONE) {
      perParam[column] += bytes;
    } else if (target == OffloadTarget.CPU) {
      perParam[2 + column] += bytes * f.hostBufferFactor();
    }
  }

  private double workingSet(TrainingJob job, boolean moeLayer) {
    return job.framework().activations() == ActivationLayout.HF_EAGER ? hfEager(job, moeLayer)
        : megatron(job, moeLayer);
  }

  /** {@link ActivationMemory}'s Megatron layout (Korthikanti et al. 2022 Table 2, generalised). */
  private double megatron(TrainingJob job, boolean moeLayer) {
    ModelSpec m = model;
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double sb = ActivationMemory.localTokens(job);
    double h = m.hidden();
    double t = p.tp();
    double rep = p.effectiveSequenceParallel() ? t : 1;
    double bytes = m.normsPerLayer() * sb * h * e / rep + sb * h * e / rep;
    MlaSpec mla = m.mla();
    if (mla != null) {
      bytes += sb * (mla.qLoraRank() + mla.kvLoraRank()) * e / rep
          + sb * (2 * m.queryWidth() + m.valueOutputWidth()) * e / t;
    } else {
      bytes += sb * (m.queryWidth() + 2 * m.keyValueWidth()) * e / t;
    }
    if (job.attention().storesScores() && p.recompute() == Recompute.NONE) {
      double perScore = m.dropout() ? 2 * e + 1 : e;
      bytes += perScore * m.heads() * job.seq() * sb / p.tp();
    } else {
      bytes += 4.0 * m.heads() * sb / p.tp();
    }
    bytes += sb * m.valueOutputWidth() * e / t;
    if (m.dropout()) {
      bytes += 2 * sb * h / rep;
    }
    bytes += sb * h * e / rep;
    int matrices = m.gatedMlp() ? 3 : 2;
    if (moeLayer) {
      MoeSpec moe = m.moe();
      double routed = moe.topK() * moe.loadFactor() * sb;
      bytes += sb * moe.experts() * (4 + 5) / rep + 2 * routed * h * e / rep
          + matrices * routed * moe.expertFfn() * e / t; // logits, then MoeMemory's routing map and probabilities
      if (moe.sharedExperts() > 0) {
        bytes += moe.sharedExperts() * matrices * sb * moe.sharedExpertFfn() * e / t;
      }
    } else {
      bytes += matrices * sb * m.ffn() * e / t;
    }
    return bytes;
  }

  /** {@link ActivationMemory}'s Hugging Face eager layout (modeling_llama.py autograd graph). */
  private double hfEager(TrainingJob job, boolean moeLayer) {
    ModelSpec m = model;
    double e = job.activationBytes();
    double sb = ActivationMemory.localTokens(job);
    double h = m.hidden();
    double q = m.queryWidth();
    double kv = m.keyValueWidth();
    double bytes = m.norm() == NormKind.RMS ? m.normsPerLayer() * sb * h * (4 + e)
        : m.normsPerLayer() * (sb * h * e + 8 * sb);
    bytes += sb * h * e;
    if (m.positional() == Positional.ROPE) {
      bytes += 2 * sb * (q + kv) * e;
    }
    bytes += 3 * sb * q * e;
    if (job.attention().storesScores() && job.parallelism().recompute() == Recompute.NONE) {
      bytes += (4 + e + (m.dropout() ? 1 + e : 0)) * m.heads() * job.seq() * sb;
    } else {
      bytes += sb * q * e + 4 * m.heads() * sb;
    }
    bytes += sb * m.valueOutputWidth() * e;
    if (m.dropout()) {
      bytes += 2 * sb * h;
    }
    bytes += sb * h * e;
    double ffn = moeLayer ? m.moe().expertFfn() * m.moe().topK() * m.moe().loadFactor() : m.ffn();
    return bytes + (m.gatedMlp() ? 4 : 2) * sb * ffn * e;
  }

}
