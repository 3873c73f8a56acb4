package org.llmplan.train;

import org.llmplan.profile.PrecisionPolicy;
import org.llmplan.profile.FrameworkProfile;
import java.util.ArrayList;
import java.util.List;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.estimate.Part;
import org.llmplan.hardware.Precision;
import org.llmplan.model.FlopCount;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.TensorFusion;

/**
 * Time of one optimizer step. Each pipeline stage runs its micro-batches through {@link LayerCompute} on
 * the roofline; tensor-, expert- and context-parallel collectives add per layer what the framework does
 * not hide; the 1F1B schedule (Narayanan et al. 2021) adds (p - 1) / v slots of bubble around the slowest
 * stage; data-parallel gradient traffic hides behind the backward pass as far as the framework overlaps it;
 * the optimizer step streams the sharded state through HBM. The parts sum to the step time.
 */
public final class TrainingTimeEstimator {
  /** Parameter counts of the last model asked about: a search asks about one model millions of times. */
  private volatile ModelCounts counts;

  private record ModelCounts(ModelSpec model, ParameterCounts counts) {}

  /** Kernel ceilings of the last accelerator, precision and attention kernel asked about, resolved once. */
  private volatile StepKernels kernels;

  /** The step time with its explained parts, FLOP counts and rates. */
  public TimeEstimate estimate(TrainingJob job) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    StepTimes st = stepTimes(job);
    List<String> notes = new ArrayList<>();
    if (job.gpu().efficiencyFrom() != null) {
      notes.add("no measured kernel ceilings for " + job.gpu().name() + ": those of " + job.gpu().efficiencyFrom()
          + " are assumed");
    }
    int micro = st.microBatches();
    List<Part> parts = List.of(
        Part.leaf("forward", st.forward(), micro + " micro-batches x forward of the slowest stage"),
        Part.leaf("backward", st.backward(), micro + " micro-batches x backward"),
        Part.leaf("recompute", st.recompute(), p.recompute().label() + " recompute"),
        Part.leaf("pipelineBubble", st.bubble(), "(p-1)/v = " + fmt(st.bubbleSlots()) + " slots of "
            + ms(st.slotSeconds())),
        Part.leaf("tpCommunication", st.tp(), "TP all-reduce / reduce-scatter + all-gather per layer, exposed "
            + "share " + fmt(1 - job.framework().tpOverlap())),
        Part.leaf("cpCommunication", st.cp(), "K/V ring steps not hidden behind each step's attention"),
        Part.leaf("epCommunication", st.ep(), "MoE all-to-all: dispatch and combine"),
        Part.leaf("ppCommunication", st.pp(), "activations and gradients between stages"),
        Part.leaf("dpCommunication", st.dp(), "gradient and parameter traffic not hidden behind compute"),
        Part.leaf("optimizer", st.optimizer(), "optimizer step streams the sharded state through HBM"),
        Part.leaf("offload", st.offload(), "offloaded state over the host link and NVMe, not hidden by compute"));
    offloadNotes(job, notes);
    if (job.lora() != null) {
      notes.add("LoRA: model FLOPs count 4 per frozen weight per token (forward and input gradient, no weight "
          + "gradient) and 6 per adapter weight");
    }

    double tokensPerStep = (double) job.globalBatch() * job.seq();
    double matmul = FlopCount.matmulParamsPerToken(m);
    double attention = FlopCount.attentionForwardPerToken(m, job.seq()) / 2; // causal mask halves it
    // A frozen base runs forward and input gradients only (4 per weight); adapters train in full.
    double modelFlops = tokensPerStep * ((4 + 2 * FrozenBase.weightGradients(job)) * matmul + 3 * attention
        + FrozenBase.adapterFlopsPerToken(job));
    double rerun = switch (p.recompute()) {
      case NONE -> 0;
      case SELECTIVE -> job.attention().storesScores() ? attention : 0;
      case FULL -> 2 * matmul + attention;
    };
    double peak = job.gpu().peakFlops(job.precision().bytes() < 2 ? job.precision() : Precision.BF16);
    return new TimeEstimate(st.total(), parts, tokensPerStep, job.gpus(), modelFlops,
        modelFlops + tokensPerStep * rerun, peak, notes);
  }

  /**
   * Seconds of each part of one step, as plain numbers: what a search evaluates millions of times, without
   * the explanations {@link #estimate} adds.
   */
  public StepTimes stepTimes(TrainingJob job) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    FrameworkProfile f = job.framework();
    StepKernels r = kernels(job);
    Collectives net = collectives(job);

    double e = job.activationBytes();
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    LayerCompute dense = m.denseLayers() > 0 ? LayerCompute.of(job, r, false) : null;
    LayerCompute moe = m.moeLayers() > 0 ? LayerCompute.of(job, r, true) : null;

    // Per-layer communication on the critical path of each micro-batch.
    GroupPlacement tpGroup = GroupPlacement.of(p.tp(), 1, job.scaleUpGpus());
    double activation = tokens * m.hidden() * e;
    int tpCollectives = 4 + (p.recompute() == Recompute.FULL ? 2 : 0); // 2 forward, 2 backward (+2 re-run)
    double tpPerLayer = tpCollectives * net.allReduce(activation, tpGroup) * (1 - f.tpOverlap());
    double epPerMoeLayer = moe != null ? MoeLayerTime.allToAll(job, net, tokens, MoeLayerTime.of(job, r, tokens)) : 0;
    double cpPerLayer = p.cp() > 1 ? ContextParallelTime.perLayer(job, net,
        LayerCompute.attentionCore(job, r, tokens, false), LayerCompute.attentionCore(job, r, tokens, true)) : 0;

    // The slowest pipeline stage sets the pace of every micro-batch slot.
    ParameterCounts pc = counts(m);
    Slot slot = null;
    for (int stage : stagesToCompare(p.pp())) {
      Slot s = slot(job, pc, r, stage, dense, moe, tpPerLayer, epPerMoeLayer, cpPerLayer);
      slot = slot == null || s.total() > slot.total() ? s : slot;
    }
    int micro = job.microBatches();
    double bubbleSlots = (p.pp() - 1.0) / p.vpp();
    double bubble = bubbleSlots * slot.total();

    double ppComm = 0;
    if (p.pp() > 1) {
      GroupPlacement ppGroup = GroupPlacement.of(p.pp(), p.tp() * p.cp() * p.dp(), job.scaleUpGpus());
      double transfer = net.sendReceive(activation / rep, !ppGroup.withinNode());
      ppComm = (micro + p.pp() - 1) * 2 * transfer * p.vpp();
    }

    double params = paramsPerRank(job, pc);
    double trainable = trainable(job, params);
    double dp = dataParallel(job, net, slot, micro, params, trainable, expertParamsPerRank(job, pc));
    double offload = OffloadTime.seconds(job, params, slot.forward() + slot.backward() + slot.recompute(),
        slot.backward());
    return new StepTimes(micro, micro * slot.forward(), micro * slot.backward(), micro * slot.recompute(), bubble,
        micro * slot.tp(), micro * slot.cp(), micro * slot.ep(), ppComm, dp, optimizerStep(job, r, trainable), offload,
        slot.total(), bubbleSlots);
  }

  private static void offloadNotes(TrainingJob job, List<String> notes) {
    Parallelism p = job.parallelism();
    if (p.offloadOptimizer() == OffloadTarget.NONE && p.offloadParameters() == OffloadTarget.NONE) {
      return;
    }
    if (job.gpu().hostLinkGBps() <= 0) {
      notes.add("host link of " + job.gpu().name() + " not known: offload traffic is not charged");
    }
    if (p.offloadOptimizer() != OffloadTarget.NONE) {
      notes.add("the CPU optimizer's arithmetic is not modelled (no sourced CPU-Adam rate): only its transfers");
    }
  }

  /** Times of one micro-batch slot on one stage. */
  private record Slot(double forward, double backward, double recompute, double tp, double cp, double ep) {
    double total() {
      return forward + backward + recompute + tp + cp + ep;
    }
  }

  private static int[] stagesToCompare(int pp) {
    return pp == 1 ? new int[] {0} : pp == 2 ? new int[] {0, 1} : new int[] {0, 1, pp - 1};
  }

  private static Slot slot(TrainingJob job, ParameterCounts pc, StepKernels r, int stage, LayerCompute dense,
      LayerCompute moe, double tpPerLayer, double epPerMoeLayer, double cpPerLayer) {
    ModelSpec m = job.model();
    Parallelism p = job.parallelism();
    int layers = StageLayers.count(m, p, stage);
    int moeLayers = StageLayers.moeLayers(m, p, stage);
    int denseLayers = layers - moeLayers;
    double fw = 0;
    double bw = 0;
    double re = 0;
    if (dense != null) {
      fw += denseLayers * dense.forward();
      bw += denseLayers * dense.backward();
      re += denseLayers * dense.recompute();
    }
    if (moe != null) {
      fw += moeLayers * moe.forward();
      bw += moeLayers * moe.backward();
      re += moeLayers * moe.recompute();
    }
    double e = job.activationBytes();
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    if (stage == 0) {
      double embedding = r.stream(tokens * m.hidden() * e, 1);
      fw += embedding;
      bw += 2 * embedding * FrozenBase.weightGradients(job);
    }
    if (stage == p.pp() - 1) {
      double t = p.tp();
      double vocab = m.vocab() / t;
      double head = r.gemm(tokens, vocab, m.hidden(), e);
      double loss = r.stream(3 * tokens * vocab * 4, 3); // logits to FP32, softmax, gradient
      fw += head + loss;
      bw += (1 + FrozenBase.weightGradients(job)) * head + loss;
      LayerCompute mtp = MoeLayerTime.mtpModules(job, r, moe, tokens, head, loss);
      fw += mtp.forward();
      bw += mtp.backward();
      re += mtp.recompute();
    }
    // A framework without gradient-accumulation fusion adds each micro-batch's weight gradients into the
    // accumulated ones in a separate pass over every local parameter.
    double accumulation = job.framework().gradAccumulationBytes();
    if (accumulation > 0) {
      bw += r.stream(FrozenBase.trainable(job, stageParams(job, pc, stage, layers), layers) * accumulation, 0);
    }
    return new Slot(fw, bw, re, layers * tpPerLayer, layers * cpPerLayer, moeLayers * epPerMoeLayer);
  }

  /** Parameters one GPU of a pipeline stage holds: its layers' TP and EP share, plus embedding or head. */
  private static double stageParams(TrainingJob job, ParameterCounts pc, int stage, int layers) {
    Parallelism p = job.parallelism();
    double routed = (double) pc.moeLayers() * pc.routedExperts();
    double perLayer = (pc.transformerLayers() - routed) / p.tp() + routed / ((double) p.ep() * p.expertTensorParallel());
    double outer = (stage == 0 ? pc.embedding() : 0) + (stage == p.pp() - 1 ? pc.lmHead() : 0);
    return layers * perLayer / job.model().layers() + outer / p.tp();
  }

  /**
   * Exposed data-parallel seconds per step: gradient reduction (all-reduce, or
   * reduce-scatter plus a parameter all-gather when the optimizer is sharded) once per step, or for
   * ZeRO-3/FSDP parameter gathers and gradient reduce-scatters every micro-batch, hidden behind the
   * compute they overlap with as far as the framework overlaps them.
   */
  private static double dataParallel(TrainingJob job, Collectives net, Slot slot, int micro, double params,
      double trainable, double expertParams) {
    Parallelism p = job.parallelism();
    int ranks = p.denseDataParallel();
    if (ranks <= 1) {
      return 0;
    }
    FrameworkProfile f = job.framework();
    GroupPlacement group = p.sharding() == Sharding.FSDP_HYBRID && p.shardGroup() > 0
        ? GroupPlacement.of(p.shardGroup(), p.tp() * p.cp(), job.scaleUpGpus())
        : GroupPlacement.of(ranks, p.tp(), job.scaleUpGpus());
    double paramBytes = 2;
    double gradBytes = job.policy() == PrecisionPolicy.AMP ? 4 : 2;
    if (p.sharding().shardsParameters() || p.sharding() == Sharding.FSDP_GRAD_OP) {
      double gathers = p.sharding().shardsParameters() ? 2 : 1; // forward and backward, or forward only
      double perMicro = gathers * net.allGather(params * paramBytes, group)
          + net.reduceScatter(trainable * gradBytes, group);
      if (p.sharding() == Sharding.FSDP_HYBRID && p.shardGroup() > 0 && p.dp() > p.shardGroup()) {
        GroupPlacement replicas = GroupPlacement.of(p.dp() / p.shardGroup(), p.tp() * p.cp() * p.shardGroup(),
            job.scaleUpGpus());
        perMicro += net.allReduce(trainable * gradBytes / p.shardGroup(), replicas);
      }
      double compute = slot.forward() + slot.backward() + slot.recompute();
      double exposed = exposedBehind(perMicro, f.dpOverlap() * compute, job) + perMicro / job.model().layers();
      return micro * exposed;
    }
    double traffic = gradientSync(job, net, trainable - expertParams, group, gradBytes, paramBytes)
        + gradientSync(job, net, expertParams, MoeLayerTime.expertDataParallel(job), gradBytes, paramBytes);
    return exposedBehind(traffic, f.dpOverlap() * slot.backward(), job)
        + fusionTail(f, trainable * gradBytes, group, net);
  }

  /** Gradient all-reduce, or reduce-scatter and parameter all-gather under a sharded optimizer, over a group. */
  private static double gradientSync(TrainingJob job, Collectives net, double params, GroupPlacement group,
      double gradBytes, double paramBytes) {
    return job.parallelism().sharding().shardsOptimizer()
        ? net.reduceScatter(params * gradBytes, group) + net.allGather(params * paramBytes, group)
        : net.allReduce(params * gradBytes, group);
  }

  /**
   * With tensor fusion the last buffer of gradients is reduced after backward ends, up to one cycle after its
   * gradients are ready: its all-reduce and the cycle are exposed (0 without tensor fusion).
   */
  private static double fusionTail(FrameworkProfile f, double gradientBytes, GroupPlacement group, Collectives net) {
    TensorFusion fusion = f.tensorFusion();
    return fusion == null ? 0 : fusion.cycleSeconds() + net.allReduce(Math.min(fusion.bufferBytes(), gradientBytes),
        group);
  }

  /**
   * Seconds a collective of {@code traffic} seconds adds when up to {@code window} seconds of compute can
   * run beside it: what does not fit in the window, plus the slowdown of the compute it overlaps, which
   * loses the SMs NCCL occupies.
   */
  private static double exposedBehind(double traffic, double window, TrainingJob job) {
    double overlapped = Math.min(traffic, window);
    return traffic - overlapped + overlapped * job.gpu().kernelCeilings().ncclSmShare();
  }

  private StepKernels kernels(TrainingJob job) {
    StepKernels k = kernels;
    if (k == null || !k.isFor(job)) {
      k = new StepKernels(job);
      kernels = k;
    }
    return k;
  }

  private ParameterCounts counts(ModelSpec m) {
    ModelCounts c = counts;
    if (c == null || c.model() != m) {
      c = new ModelCounts(m, m.parameters());
      counts = c;
    }
    return c.counts();
  }

  /** Parameters one GPU holds unsharded (its stage, its TP share, its EP x expert-TP share): what it synchronises. */
  public static double paramsPerRank(TrainingJob job, ParameterCounts pc) {
    Parallelism p = job.parallelism();
    double routed = (double) pc.moeLayers() * pc.routedExperts();
    double dense = (pc.transformerLayers() - routed + pc.embedding() + pc.lmHead()) / p.pp() / p.tp();
    return dense + routed / ((double) p.pp() * p.ep() * p.expertTensorParallel());
  }

  /** Of {@link #paramsPerRank}, those with gradients to synchronise: all, or a LoRA job's adapters. */
  public static double trainableParamsPerRank(TrainingJob job, ParameterCounts pc) {
    return trainable(job, paramsPerRank(job, pc));
  }

  /** Of {@code params} (a rank's {@link #paramsPerRank}), those with gradients, without counting them again. */
  private static double trainable(TrainingJob job, double params) {
    return FrozenBase.trainable(job, params, (double) job.model().layers() / job.parallelism().pp());
  }

  /** Routed-expert parameters one GPU holds (its stage's MoE layers, its EP and TP share): 0 for a dense model. */
  static double expertParamsPerRank(TrainingJob job, ParameterCounts pc) {
    Parallelism p = job.parallelism();
    return pc.moeLayers() * pc.routedExperts() / ((double) p.pp() * p.ep() * p.expertTensorParallel());
  }

  /** The optimizer step reads and writes the state it updates: master, moments, gradient, parameter. */
  private static double optimizerStep(TrainingJob job, StepKernels r, double paramsPerRank) {
    Parallelism p = job.parallelism();
    double params = p.sharding().shardsOptimizer() ? paramsPerRank / p.denseShards() : paramsPerRank;
    PrecisionPolicy policy = job.policy();
    Precision c = job.precision();
    double master = policy.masterBytes(c);
    double state = job.optimizer().stateBytesPerParam(policy);
    double bytes = 2 * (state + master) + policy.gradBytes(c) + (master > 0 ? 1 : 2) * policy.paramBytes(c);
    return r.stream(params * bytes, 8);
  }

  /** The links a job's collectives run on: the scale-up domain and one NIC's share per GPU. */
  public static Collectives collectives(TrainingJob job) {
    return Collectives.of(job.gpu(), job.scaleOut(), job.gpusPerNode());
  }

  private static String fmt(double v) {
    return String.format(java.util.Locale.ROOT, "%.2f", v);
  }

  private static String ms(double seconds) {
    return String.format(java.util.Locale.ROOT, "%.1f ms", seconds * 1e3);
  }
}
