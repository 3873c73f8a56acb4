package org.llmplan.train;

import java.util.Optional;
import org.llmplan.estimate.Part;
import org.llmplan.model.MoeSpec;
import org.llmplan.parallel.Parallelism;

/**
 * Memory that MoE layers add beyond the tokens they hold (ActivationMemory counts the permuted tokens and the
 * experts' intermediates): the router's state kept for backward, and the all-to-all buffers of a dispatch.
 */
final class MoeMemory {
  private MoeMemory() {}

  /**
   * The routing map (one byte per token and expert) and the routing probabilities (FP32 per token and expert)
   * that Megatron-Core's TopKRouter returns and the dispatcher keeps for the backward pass.
   */
  static Part routingState(TrainingJob job, double localTokens, double rep) {
    MoeSpec moe = job.model().moe();
    return Part.leaf("routing map and probabilities", localTokens * moe.experts() * (1 + 4) / rep,
        "s*b*experts x (1 B map + 4 B probabilities)");
  }

  /**
   * The send and receive buffers of one dispatch all-to-all: every routed copy's hidden vector, both ways,
   * while the permuted input is still held; absent without expert parallelism.
   */
  static Optional<Part> dispatchBuffers(TrainingJob job) {
    double bytes = dispatchBytes(job);
    return bytes > 0 ? Optional.of(Part.leaf("MoE all-to-all buffers", bytes,
        "send and receive: 2 x k*capacity*s*b*h*bytes")) : Optional.empty();
  }

  /** The bytes of {@link #dispatchBuffers}, without allocating (PeakMemory's closed form). */
  static double dispatchBytes(TrainingJob job) {
    Parallelism p = job.parallelism();
    if (!job.model().isMoe() || p.ep() <= 1) {
      return 0;
    }
    MoeSpec moe = job.model().moe();
    double rep = p.effectiveSequenceParallel() ? p.tp() : 1;
    double routed = ActivationMemory.localTokens(job) * moe.topK() * moe.loadFactor() / rep;
    return 2 * routed * job.model().hidden() * job.activationBytes();
  }
}
