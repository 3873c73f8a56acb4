package org.llmplan.train;

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
    return stage(job, worstStageIndex(job), false);
  }

  /** Host memory a node needs for offloaded state, for the most loaded stage: as {@link MemoryEstimate}. */
  public double hostBytesPerNode(TrainingJob job) {
    return stage(job, worstStageIndex(job), true) * job.gpusPerNode();
  }

  private int worstStageIndex(TrainingJob job) {
    if (job.model() != model) {
      throw new IllegalArgumentException("PeakMemory built for " + model.name() + " asked about "
          + job.model().name());
    }
    int pp = job.parallelism().pp();
    int worst = 0;
    double worstBytes = stage(job, 0, false);
    for (int index : pp == 1 ? new int[0] : pp == 2 ? new int[] {1} : new int[] {1, pp - 1}) {
      double bytes = stage(job, index, false);
      if (bytes > worstBytes) {
        worst = index;
        worstBytes = bytes;
      }
    }
    return worst;
  }

  /** GPU bytes of one GPU of stage {@code index}, or with {@code host} the host bytes its offload takes. */
  private double stage(TrainingJob job, int index, boolean host) {
    ModelSpec m = model;
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    int pp = p.pp();
    boolean first = index == 0;
    boolean last = index == pp - 1;
    double t = p.tp();

    int layersInStage = StageLayers.count(m, p, index);
    int moeInStage = StageLayers.moeLayers(m, p, index);
    int denseInStage = layersInStage - moeInStage;

    double denseLayer = pc.attentionSharded() / t + pc.attentionReplicated() + pc.mlpSharded() / t
        + pc.mlpReplicated() + pc.blockNorms();
    double moeLayerDense = pc.attentionSharded() / t + pc.attentionReplicated() + pc.sharedExperts() / t
        + pc.router() + pc.blockNorms();
    double moeLayerExperts = pc.routedExperts() / ((double) p.ep() * t);
    double denseParams = denseInStage * denseLayer + moeInStage * moeLayerDense;
    if (first) {
      denseParams += pc.embedding() / t + pc.positions() + pc.embeddingNorm();
    }
    if (last) {
      denseParams += pc.finalNorm();
      if (pc.lmHead() > 0) {
        denseParams += pc.lmHead() / t;
      } else if (pp > 1) {
        denseParams += pc.embedding() / t;
      }
    }
    double expertParams = moeInStage * moeLayerExperts;
    double rankParams = denseParams + expertParams;
    double largestLayer = Math.max(denseInStage > 0 ? denseLayer : 0,
        moeInStage > 0 ? moeLayerDense + moeLayerExperts : 0);

    // Model state (StateSizes): each piece divided by its shards, kept on the GPU or offloaded.
    PrecisionPolicy policy = job.policy();
    Precision c = job.precision();
    Sharding s = p.sharding();
    double whole = denseParams + expertParams;
    double sharded = denseParams / p.denseShards() + expertParams / p.expertShards();
    double stateBytesPerParam = job.optimizer() == Optimizer.ADAFACTOR
        ? pc.factoredStateElements() * 4.0 / pc.total() : job.optimizer().stateBytesPerParam(policy);
    OffloadTarget gradTarget = p.offloadOptimizer() != OffloadTarget.NONE ? p.offloadOptimizer()
        : p.offloadParameters();
    double params = (s.shardsParameters() ? sharded : whole) * policy.paramBytes(c);
    double grads = (s.shardsGradients() ? sharded : whole) * policy.gradBytes(c);
    double master = (s.shardsOptimizer() ? sharded : whole) * policy.masterBytes(c);
    double moments = (s.shardsOptimizer() ? sharded : whole) * stateBytesPerParam;
    if (host) {
      double factor = f.hostBufferFactor();
      return onHost(params, p.offloadParameters(), factor) + onHost(grads, gradTarget, factor)
          + onHost(master, p.offloadOptimizer(), factor) + onHost(moments, p.offloadOptimizer(), factor);
    }
    double bytes = onGpu(params, p.offloadParameters()) + onGpu(grads, gradTarget)
        + onGpu(master, p.offloadOptimizer()) + onGpu(moments, p.offloadOptimizer());

    boolean sixteenBit = job.activationBytes() == 2;
    if (policy == PrecisionPolicy.AMP && sixteenBit && !s.isFsdp()) {
      bytes += rankParams * 2; // autocast's 16-bit weight copies
    }
    if (s == Sharding.FSDP_GRAD_OP && policy.paramBytes(c) > 2 && sixteenBit) {
      bytes += rankParams * 2; // gathered 16-bit parameters kept through backward
    }
    if (c == Precision.FP8) {
      bytes += rankParams * 2; // Transformer Engine's FP8 weight cache
    }

    double activations = activations(job, first, denseInStage, moeInStage, Math.min(job.microBatches(), pp - index));
    double logits = last ? logits(job) : 0;
    double buffers = buffers(job, rankParams, largestLayer);
    double overhead = f.runtimeReservedGiB() * Accelerator.GIB + f.fragmentation() * (activations + logits + buffers);
    return bytes + activations + logits + buffers + overhead;
  }

  private static double onGpu(double bytes, OffloadTarget target) {
    return target == OffloadTarget.NONE ? bytes : 0;
  }

  private static double onHost(double bytes, OffloadTarget target, double factor) {
    return target == OffloadTarget.CPU ? bytes * factor : 0;
  }

  private double activations(TrainingJob job, boolean first, int dense, int moe, int inflight) {
    Parallelism p = job.parallelism();
    int pp = p.pp();
    double penalty = p.interleaved() ? 1 + (pp - 1.0) / (pp * p.vpp()) : 1;
    double mult = inflight * penalty;
    double bytes = 0;
    if (dense > 0) {
      bytes += storedPerLayer(job, false) * (dense * mult);
    }
    if (moe > 0) {
      bytes += storedPerLayer(job, true) * (moe * mult);
    }
    if (p.recompute() == Recompute.FULL) {
      bytes += workingSet(job, moe > 0 && dense == 0);
    }
    if (first) {
      double sb = ActivationMemory.localTokens(job);
      double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
      bytes += (8 * sb + (model.dropout() ? sb * model.hidden() / rep : 0)) * mult;
    }
    return bytes;
  }

  private double storedPerLayer(TrainingJob job, boolean moeLayer) {
    Parallelism p = job.parallelism();
    if (p.recompute() == Recompute.FULL) {
      double divisor = p.effectiveSequenceParallel() ? p.tp() : 1;
      return ActivationMemory.localTokens(job) * model.hidden() * job.activationBytes() / divisor;
    }
    return workingSet(job, moeLayer);
  }

  private double workingSet(TrainingJob job, boolean moeLayer) {
    return job.framework().activations() == ActivationLayout.HF_EAGER ? hfEager(job, moeLayer) : megatron(job, moeLayer);
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
      bytes += sb * moe.experts() * 4 / rep + 2 * routed * h * e / rep + matrices * routed * moe.expertFfn() * e / t;
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

  private double logits(TrainingJob job) {
    Parallelism p = job.parallelism();
    double sb = ActivationMemory.localTokens(job);
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    return sb * model.hidden() * job.activationBytes() / rep
        + sb * model.vocab() * job.framework().logitsBytesPerElement() / p.tp();
  }

  private double buffers(TrainingJob job, double rankParams, double largestLayer) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    double gradBytes = job.policy().gradBytes(job.precision());
    double bytes = 0;
    if (f.reduceBucketElements() > 0 && p.dp() > 1 && p.sharding() != Sharding.NONE) {
      bytes += f.reduceBucketElements() * gradBytes;
    }
    if (p.sharding().shardsParameters()) {
      bytes += f.gatheredLayers() * largestLayer * 2 + f.unshardedGradLayers() * largestLayer * gradBytes;
    }
    if (f.ddpGradientCopy() && p.dp() > 1 && p.sharding() == Sharding.NONE) {
      bytes += rankParams * gradBytes;
    }
    double act = ActivationMemory.localTokens(job) * model.hidden() * job.activationBytes();
    if (p.pp() > 1) {
      bytes += 2 * act / (p.effectiveSequenceParallel() ? p.tp() : 1);
    }
    if (p.effectiveSequenceParallel()) {
      bytes += act;
    }
    return bytes;
  }
}
