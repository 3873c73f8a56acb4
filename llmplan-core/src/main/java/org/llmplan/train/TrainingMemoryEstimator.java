package org.llmplan.train;

import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.profile.FrameworkProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.llmplan.error.PlanInputException;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/**
 * Training memory per GPU for the most loaded rank: model state (Megatron dist_optimizer.md and the ZeRO
 * paper's bytes per parameter), activations ({@link ActivationMemory}) with the in-flight micro-batches of
 * the pipeline schedule (Narayanan et al. 2021; Megatron theoretical_memory_usage.py), logits, communication
 * buffers and the framework's own overhead ({@link FrameworkProfile}).
 */
public final class TrainingMemoryEstimator {
  /** The closed form for the last model asked about (searches ask about one model millions of times). */
  private volatile PeakMemory peak;

  /** Estimates the most loaded stage and, when it does not fit, the single changes that would help. */
  public MemoryEstimate estimate(TrainingJob job) {
    MemoryEstimate worst = worstStage(job);
    return worst.fits() ? worst : worst.withLevers(levers(job, worst.totalBytes()));
  }

  /**
   * The total of {@link #worstStage} without building its parts ({@link PeakMemory}): what a layout search
   * checks for every layout it enumerates.
   */
  public double peakBytes(TrainingJob job) {
    return closedForm(job).gpuBytes(job);
  }

  /** Host memory per node of {@link #worstStage}, as {@link #peakBytes} computes it. */
  public double peakHostBytesPerNode(TrainingJob job) {
    return closedForm(job).hostBytesPerNode(job);
  }

  private PeakMemory closedForm(TrainingJob job) {
    PeakMemory p = peak;
    if (p == null || p.model() != job.model()) {
      p = new PeakMemory(job.model());
      peak = p;
    }
    return p;
  }

  /**
   * The candidates for the most loaded GPU: the first stage (embedding, most in-flight micro-batches), the
   * second (the most in-flight micro-batches when an uneven split lightens the first) and the last (LM head
   * and logits).
   */
  public MemoryEstimate worstStage(TrainingJob job) {
    int pp = job.parallelism().pp();
    MemoryEstimate worst = stage(job, 0);
    for (int index : pp == 1 ? new int[0] : pp == 2 ? new int[] {1} : new int[] {1, pp - 1}) {
      MemoryEstimate e = stage(job, index);
      worst = e.totalBytes() > worst.totalBytes() ? e : worst;
    }
    return worst;
  }

  /** Memory of one GPU of pipeline stage {@code index}. */
  public MemoryEstimate stage(TrainingJob job, int index) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    ParameterCounts pc = m.parameters();
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
    double moeLayerExperts = pc.routedExperts() / ((double) p.ep() * p.expertTensorParallel());

    double denseParams = denseInStage * denseLayer + moeInStage * moeLayerDense;
    if (first) {
      denseParams += pc.embedding() / t + pc.positions() + pc.embeddingNorm();
    }
    if (last) {
      denseParams += pc.finalNorm();
      if (pc.lmHead() > 0) {
        denseParams += pc.lmHead() / t;
      } else if (pp > 1) {
        denseParams += pc.embedding() / t; // Megatron keeps a tied copy of the embedding on the last stage
      }
    }
    double expertParams = moeInStage * moeLayerExperts;
    double rankParams = denseParams + expertParams;
    double largestLayer = Math.max(denseInStage > 0 ? denseLayer : 0,
        moeInStage > 0 ? moeLayerDense + moeLayerExperts : 0);

    StateSizes s = new StateSizes(job, denseParams, expertParams, pc.total(), layersInStage);
    int inflight = Math.min(job.microBatches(), pp - index);
    double penalty = p.interleaved() ? 1 + (pp - 1.0) / (pp * p.vpp()) : 1;
    Part activations = activations(job, first, denseInStage, moeInStage, inflight, penalty);
    Part logits = logits(job, last);
    Part buffers = buffers(job, s.trainable(rankParams), largestLayer);
    // Model state sits in buffers allocated once; what churns every step (and so fragments) is the rest.
    Part overhead = overhead(job, activations.value() + logits.value() + buffers.value());
    List<Part> parts = List.of(weights(job, s, rankParams), s.gradients(), s.master(), s.optimizer(), activations,
        logits, buffers, overhead);
    double total = parts.stream().mapToDouble(Part::value).sum();

    String stageName = pp == 1 ? "only" : first ? "first" : last ? "last"
        : index == 1 ? "second" : "number " + (index + 1);
    return new MemoryEstimate(stageName, parts, total, job.gpu().memoryBytes(), job.gpu().memoryBytes()
        * job.framework().memoryHeadroom(), s.hostPerNode(), s.nvmePerNode(), List.of(), layoutNotes(job));
  }

  private static Part weights(TrainingJob job, StateSizes s, double rankParams) {
    Parallelism p = job.parallelism();
    List<Part> children = new ArrayList<>();
    children.add(s.parameters());
    boolean sixteenBit = job.activationBytes() == 2;
    if (job.policy() == PrecisionPolicy.AMP && sixteenBit && !p.sharding().isFsdp()) {
      children.add(Part.leaf("autocast 16-bit weight copies", s.trainable(rankParams) * 2,
          "torch.autocast caches a 16-bit cast of every FP32 weight until backward (cache_enabled=True)"));
    }
    if (p.sharding() == Sharding.FSDP_GRAD_OP && job.policy().paramBytes(job.precision()) > 2 && sixteenBit) {
      children.add(Part.leaf("unsharded 16-bit parameters", rankParams * 2,
          "SHARD_GRAD_OP keeps the gathered 16-bit parameters from forward through backward"));
    }
    if (job.precision() == Precision.FP8) {
      children.add(Part.leaf("FP8 weight cache", s.fp8Cached(rankParams) * 2,
          "Transformer Engine caches each weight's FP8 cast and its transpose across micro-batches: 2 B/param"));
    }
    return Part.sum("weights", "parameters held on this GPU", children);
  }

  private static Part activations(TrainingJob job, boolean first, int dense, int moe, int inflight,
      double penalty) {
    Parallelism p = job.parallelism();
    double mult = inflight * penalty;
    String schedule = p.interleaved()
        ? inflight + " in-flight micro-batches x (1 + (p-1)/(p*v)) interleaving penalty"
        : inflight + " in-flight micro-batch" + (inflight == 1 ? "" : "es") + " (1F1B)";
    List<Part> children = new ArrayList<>();
    if (dense > 0) {
      Part layer = ActivationMemory.storedPerLayer(job, false);
      children.add(layer.times(dense * mult, "transformer layers",
          dense + " layers x " + mib(layer.value()) + " x " + schedule));
    }
    if (moe > 0) {
      Part layer = ActivationMemory.storedPerLayer(job, true);
      children.add(layer.times(moe * mult, "MoE layers",
          moe + " MoE layers x " + mib(layer.value()) + " x " + schedule));
    }
    if (p.recompute() == Recompute.FULL) {
      Part working = ActivationMemory.workingSet(job, moe > 0 && dense == 0);
      children.add(new Part("recompute working set", working.value(),
          "one layer's activations rebuilt during its backward", working.children()));
    }
    if (first) {
      double sb = ActivationMemory.localTokens(job);
      double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
      double embedding = 8 * sb + (job.model().dropout() ? sb * job.model().hidden() / rep : 0);
      children.add(Part.leaf("embedding", embedding * mult,
          "token ids (8*s*b)" + (job.model().dropout() ? " + dropout mask (s*b*h)" : "") + " per micro-batch"));
    }
    return Part.sum("activations", "saved for backward on this stage", children);
  }

  private static Part logits(TrainingJob job, boolean last) {
    if (!last) {
      return Part.leaf("logits", 0, "the LM head lives on the last pipeline stage");
    }
    Parallelism p = job.parallelism();
    double sb = ActivationMemory.localTokens(job);
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    List<Part> children = List.of(
        Part.leaf("LM head input", sb * job.model().hidden() * job.activationBytes() / rep, "s*b*h*bytes"),
        Part.leaf("logits and loss", sb * job.model().vocab() * job.framework().logitsBytesPerElement() / p.tp(),
            "s*b*V*" + fmt(job.framework().logitsBytesPerElement()) + " B/t (" + job.framework().name() + ")"));
    return Part.sum("logits", "one micro-batch through the output layer and cross-entropy", children);
  }

  private static Part buffers(TrainingJob job, double rankParams, double largestLayer) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    double gradBytes = job.policy().gradBytes(job.precision());
    List<Part> children = new ArrayList<>();
    if (f.reduceBucketElements() > 0 && p.dp() > 1 && p.sharding() != Sharding.NONE) {
      children.add(Part.leaf("gradient reduce bucket", f.reduceBucketElements() * gradBytes,
          fmt(f.reduceBucketElements()) + " elements (" + f.name() + " reduce_bucket_size)"));
    }
    if (p.sharding().shardsParameters()) {
      children.add(Part.leaf("gathered layers", f.gatheredLayers() * largestLayer * 2,
          f.gatheredLayers() + " unsharded layers x 16-bit (prefetch)"));
      children.add(Part.leaf("unsharded layer gradients", f.unshardedGradLayers() * largestLayer * gradBytes,
          f.unshardedGradLayers() + " layer gradients before reduce-scatter"));
    }
    if (f.ddpGradientCopy() && p.dp() > 1 && p.sharding() == Sharding.NONE) {
      children.add(Part.leaf("DDP gradient buckets", rankParams * gradBytes,
          "torch DDP copies gradients into buckets (gradient_as_bucket_view=False)"));
    }
    double sb = ActivationMemory.localTokens(job);
    double act = sb * job.model().hidden() * job.activationBytes();
    if (p.pp() > 1) {
      double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
      children.add(Part.leaf("pipeline send/receive", 2 * act / rep, "2 x s*b*h*bytes"));
    }
    if (p.effectiveSequenceParallel()) {
      children.add(Part.leaf("sequence-parallel all-gather", act, "gathered s*b*h*bytes for the next GEMM"));
    }
    MoeMemory.dispatchBuffers(job).ifPresent(children::add);
    return Part.sum("communicationBuffers", "buffers the collectives need", children);
  }

  private static Part overhead(TrainingJob job, double churning) {
    FrameworkProfile f = job.framework();
    List<Part> children = List.of(
        Part.leaf("CUDA context and kernels", f.runtimeReservedGiB() * Accelerator.GIB,
            f.runtimeReservedGiB() > 0 ? fmt(f.runtimeReservedGiB()) + " GiB (" + f.name() + " profile)"
                : "not modelled for " + f.name()),
        Part.leaf("allocator fragmentation", f.fragmentation() * churning,
            f.fragmentation() > 0 ? fmt(f.fragmentation() * 100) + " % of activations, logits and buffers ("
                + f.name() + " profile)"
                : "not modelled for " + f.name()));
    return Part.sum("frameworkOverhead", "memory the process takes besides its tensors", children);
  }

  private static List<String> layoutNotes(TrainingJob job) {
    Parallelism p = job.parallelism();
    List<String> notes = new ArrayList<>();
    if (p.tp() > job.scaleUpGpus()) {
      notes.add("TP " + p.tp() + " spans more than one node of " + job.gpusPerNode()
          + " GPUs: tensor-parallel traffic would cross the scale-out network");
    }
    if (p.sequenceParallel() && p.tp() == 1) {
      notes.add("sequence parallelism has no effect at TP 1");
    }
    if (p.sharding() != Sharding.NONE && p.denseDataParallel() == 1) {
      notes.add("sharding " + p.sharding().label() + " has no effect with a single data-parallel rank");
    }
    if (job.seq() > job.model().maxPosition() && job.model().maxPosition() > 0) {
      notes.add("sequence length " + job.seq() + " exceeds the model's " + job.model().maxPosition()
          + " trained positions");
    }
    return notes;
  }

  /**
   * Single changes to the layout that lower memory, best first; when none of them fits, also every
   * memory-saving option of the framework at once on the same GPUs, which says whether it can fit at all.
   */
  private List<MemoryEstimate.Lever> levers(TrainingJob job, double current) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    List<Candidate> candidates = new ArrayList<>();
    addSwitches(job, candidates);
    addLayouts(job, candidates);
    if (offloadsOptimizer(p, f)) {
      candidates.add(new Candidate("--offload-optimizer cpu", withCpuOptimizer(p, f)));
    }
    List<MemoryEstimate.Lever> levers = new ArrayList<>();
    for (Candidate c : candidates) {
      lever(job, c, current).ifPresent(levers::add);
    }
    levers.sort(Comparator.comparingDouble(MemoryEstimate.Lever::totalBytes));
    boolean anyFits = levers.stream().anyMatch(MemoryEstimate.Lever::fits);
    if (!anyFits) {
      Candidate all = allSwitches(job);
      if (all != null) {
        lever(job, all, current).ifPresent(levers::add);
      }
    }
    return levers;
  }

  /** One switch at a time on the same GPUs: recompute, sequence parallelism, micro-batch 1, more sharding. */
  private static void addSwitches(TrainingJob job, List<Candidate> candidates) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    if (p.recompute() == Recompute.NONE && f.recompute().contains(Recompute.SELECTIVE)) {
      candidates.add(new Candidate("--recompute selective", p.toBuilder().recompute(Recompute.SELECTIVE).build()));
    }
    if (p.recompute() != Recompute.FULL && f.recompute().contains(Recompute.FULL)) {
      candidates.add(new Candidate("--recompute full", p.toBuilder().recompute(Recompute.FULL).build()));
    }
    if (p.tp() > 1 && !p.sequenceParallel()) {
      candidates.add(new Candidate("--sequence-parallel", p.toBuilder().sequenceParallel(true).build()));
    }
    if (p.microBatch() > 1) {
      candidates.add(new Candidate("--micro-batch 1", p.toBuilder().microBatch(1).build()));
    }
    for (Sharding s : f.shardings()) {
      if (s.ordinal() > p.sharding().ordinal() && s != Sharding.FSDP_HYBRID) {
        candidates.add(new Candidate("--sharding " + s.label(), p.toBuilder().sharding(s).build()));
      }
    }
  }

  /** Spreading the model wider: TP or PP doubled in place of DP (or on twice the GPUs), or DP doubled. */
  private static void addLayouts(TrainingJob job, List<Candidate> candidates) {
    Parallelism p = job.parallelism();
    if (p.dp() % 2 == 0) {
      candidates.add(new Candidate("--tp " + p.tp() * 2, p.toBuilder().tp(p.tp() * 2).dp(p.dp() / 2).build()));
      candidates.add(new Candidate("--pp " + p.pp() * 2, p.toBuilder().pp(p.pp() * 2).dp(p.dp() / 2).build()));
    } else {
      candidates.add(new Candidate("--pp " + p.pp() * 2 + " (" + job.gpus() * 2 + " GPUs)",
          p.toBuilder().pp(p.pp() * 2).build()));
    }
    if (p.sharding() != Sharding.NONE) {
      candidates.add(new Candidate("--gpus " + job.gpus() * 2 + " (DP " + p.dp() * 2 + ")",
          p.toBuilder().dp(p.dp() * 2).build()));
    }
  }

  /** Every switch that saves memory on the same GPUs at once; null when fewer than two apply. */
  private static Candidate allSwitches(TrainingJob job) {
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    Parallelism combined = p;
    List<String> changes = new ArrayList<>();
    if (p.recompute() != Recompute.FULL && f.recompute().contains(Recompute.FULL)) {
      combined = combined.toBuilder().recompute(Recompute.FULL).build();
      changes.add("--recompute full");
    }
    if (p.tp() > 1 && !p.sequenceParallel()) {
      combined = combined.toBuilder().sequenceParallel(true).build();
      changes.add("--sequence-parallel");
    }
    if (p.microBatch() > 1) {
      combined = combined.toBuilder().microBatch(1).build();
      changes.add("--micro-batch 1");
    }
    Sharding strongest = p.sharding();
    for (Sharding s : f.shardings()) {
      if (s.ordinal() > strongest.ordinal() && s != Sharding.FSDP_HYBRID) {
        strongest = s;
      }
    }
    if (strongest != p.sharding() && p.dp() > 1) {
      combined = combined.toBuilder().sharding(strongest).build();
      changes.add("--sharding " + strongest.label());
    }
    if (offloadsOptimizer(p, f)) {
      combined = withCpuOptimizer(combined, f);
      changes.add("--offload-optimizer cpu");
    }
    return changes.size() > 1 ? new Candidate("all of " + String.join(" ", changes), combined) : null;
  }

  private static boolean offloadsOptimizer(Parallelism p, FrameworkProfile f) {
    return p.offloadOptimizer() == OffloadTarget.NONE && f.offload().contains("optimizer");
  }

  /** The optimizer state offloaded to the CPU, which needs it sharded (ZeRO-1) where the framework can. */
  private static Parallelism withCpuOptimizer(Parallelism p, FrameworkProfile f) {
    boolean shard = !p.sharding().shardsOptimizer() && f.shardings().contains(Sharding.ZERO1);
    return p.toBuilder().offloadOptimizer(OffloadTarget.CPU).sharding(shard ? Sharding.ZERO1 : p.sharding()).build();
  }


  private Optional<MemoryEstimate.Lever> lever(TrainingJob job, Candidate c, double current) {
    try {
      int batch = job.globalBatch() * c.layout().dp() / job.parallelism().dp();
      MemoryEstimate e = worstStage(job.with(c.layout(), batch));
      return e.totalBytes() < current
          ? Optional.of(new MemoryEstimate.Lever(c.change(), e.totalBytes(), e.fits()))
          : Optional.empty();
    } catch (PlanInputException invalid) {
      return Optional.empty(); // a change that breaks a layout rule is no lever
    }
  }

  private record Candidate(String change, Parallelism layout) {}

  private static String mib(double bytes) {
    return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
  }

  static String fmt(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    if (v == Math.rint(v)) {
      return String.format(java.util.Locale.ROOT, "%.0e", v);
    }
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }
}
