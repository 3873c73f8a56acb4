package org.llmplan.train;

import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.parallel.Parallelism;

/**
 * The feed-forward block of a MoE layer for one micro-batch on one GPU, as Megatron-Core runs it
 * (megatron/core/transformer/moe: router, token dispatcher, TEGroupedMLP): the router GEMM in BF16 and its
 * score and top-k kernels; the fused permutation of each token's top-k copies into expert order and the
 * unpermutation that sums them back; the local experts as one grouped GEMM per projection
 * ({@link org.llmplan.kernel.KernelTimes#groupedGemm}); the shared experts as dense GEMMs over every token; and
 * the all-to-all of dispatch and combine over the expert-parallel group.
 *
 * <p>Load: dropless routing with balanced tokens takes {@code topK} copies per token; a capacity factor (or a
 * dropless run's measured imbalance given as one) scales the busiest expert's rows, which set the pace.
 *
 * @param forward seconds of the block's forward compute (router, permutation, experts, shared experts)
 * @param backward seconds of its backward compute (input and weight gradients: twice the GEMMs)
 * @param sharedExpertForward seconds of the shared experts' forward GEMMs, which Megatron overlaps with the
 *     dispatch all-to-all (moe_shared_expert_overlap)
 */
record MoeLayerTime(double forward, double backward, double sharedExpertForward) {
  /** Router scores kept in FP32: logits written, read by softmax or sigmoid, probabilities read by top-k. */
  private static final double ROUTER_BYTES_PER_SCORE = 3 * 4;
  private static final LayerCompute NO_MTP = new LayerCompute(0, 0, 0);

  static MoeLayerTime of(TrainingJob job, StepKernels r, double tokens) {
    ModelSpec m = job.model();
    MoeSpec moe = m.moe();
    Parallelism p = job.parallelism();
    double e = job.activationBytes();
    double h = m.hidden();
    double t = p.tp();
    double rep = p.effectiveSequenceParallel() ? t : 1;
    int matrices = m.gatedMlp() ? 3 : 2;

    double router = r.gemm16(tokens / rep, moe.experts(), h) + r.stream(tokens / rep * moe.experts()
        * ROUTER_BYTES_PER_SCORE, 3);
    // Each token's top-k copies, at the busiest expert's load, through the fused permute and unpermute.
    double routed = tokens * moe.topK() * moe.loadFactor() / rep;
    double permutation = r.stream(2 * (tokens / rep + routed) * h * e, 2);

    // Expert TP = TP: the TP group's tokens meet at each expert, whose width is split; folded (expert TP 1):
    // each rank's own tokens, whole experts.
    double et = p.expertTensorParallel();
    double localExperts = (double) moe.experts() / p.ep();
    double rowsPerExpert = routed * (et > 1 ? rep : 1) * p.ep() / moe.experts();
    double f = moe.expertFfn() / et;
    double experts = r.groupedGemm(localExperts, rowsPerExpert, (matrices - 1) * f, h, e)
        + r.groupedGemm(localExperts, rowsPerExpert, h, f, e);
    double shared = 0;
    if (moe.sharedExperts() > 0) {
      double sf = moe.sharedExpertFfn() / t;
      shared = moe.sharedExperts() * (r.gemm(tokens, (matrices - 1) * sf, h, e) + r.gemm(tokens, h, sf, e));
    }
    double forward = router + permutation + experts + shared;
    double backward = router + permutation + 2 * (experts + shared);
    return new MoeLayerTime(forward, backward, shared);
  }

  /**
   * Exposed seconds of one MoE layer's all-to-alls per micro-batch: dispatch and combine, forward and backward,
   * each moving every routed copy's hidden vector over the expert-parallel group, less the shared experts'
   * forward and backward GEMMs that run beside the dispatches.
   */
  static double allToAll(TrainingJob job, Collectives net, double tokens, MoeLayerTime layer) {
    Parallelism p = job.parallelism();
    if (p.ep() <= 1) {
      return 0;
    }
    MoeSpec moe = job.model().moe();
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    GroupPlacement group = GroupPlacement.of(p.ep(), p.expertTensorParallel(), job.gpusPerNode());
    double routed = tokens * moe.topK() * moe.loadFactor() * job.model().hidden() * job.activationBytes() / rep;
    double one = net.allToAll(routed, group);
    double hidden = Math.min(one, layer.sharedExpertForward()) + Math.min(one, 2 * layer.sharedExpertForward());
    return 4 * one - hidden;
  }

  /**
   * Where the ranks that hold the same experts sit: the expert data-parallel group, EP x expert-TP ranks apart
   * (Megatron's expert rank order etp-ep-edp-pp), so with EP filling a node it has one rank per
   * node and its gradient reduction crosses the network at full volume, not the 1/perNode share of the dense
   * gradients' hierarchical reduction.
   */
  static GroupPlacement expertDataParallel(TrainingJob job) {
    Parallelism p = job.parallelism();
    return GroupPlacement.of(p.expertDataParallel(), p.expertTensorParallel() * p.ep(), job.gpusPerNode());
  }

  /**
   * DeepSeek-V3's multi-token-prediction modules on the last stage (Megatron puts them there): each a 2h -> h
   * projection of the normalised hidden state and the next token's embedding, one more MoE block, and the
   * shared LM head ({@code head}: its forward GEMM) with its {@code loss}. None when the model trains no MTP module.
   */
  static LayerCompute mtpModules(TrainingJob job, StepKernels r, LayerCompute moeBlock, double tokens, double head,
      double loss) {
    MoeSpec moe = job.model().moe();
    if (moe == null || moe.mtpLayers() == 0 || moeBlock == null) {
      return NO_MTP;
    }
    double h = job.model().hidden();
    double projection = r.gemm(tokens, h / job.parallelism().tp(), 2 * h, job.activationBytes());
    int n = moe.mtpLayers();
    return new LayerCompute(n * (projection + moeBlock.forward() + head + loss),
        n * (2 * (projection + head) + moeBlock.backward() + loss), n * moeBlock.recompute());
  }
}
