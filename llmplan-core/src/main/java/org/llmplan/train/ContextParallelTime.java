package org.llmplan.train;

import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;

/**
 * Exposed seconds of ring attention per layer and micro-batch (Megatron's default {@code --cp-comm-type p2p},
 * Transformer Engine's AttnFuncWithCPAndKVP2P; Liu et al. 2023, Ring Attention, arXiv 2310.01889): attention runs in
 * CP steps, each of the local queries against one sequence chunk's keys and values while the next chunk travels
 * to the neighbour, so each of the CP - 1 transfers hides only behind one step's attention, 1/CP of the local
 * attention core (the load-balanced chunks make the steps equal). Backward sends K/V and their gradients, twice the
 * bytes, behind each step's attention backward; full recompute runs the forward ring again. A transfer longer than
 * its step is exposed: short chunks (short sequences, large CP, slow links) hide less.
 */
final class ContextParallelTime {
  private ContextParallelTime() {}

  static double perLayer(TrainingJob job, Collectives net, double attentionForward, double attentionBackward) {
    Parallelism p = job.parallelism();
    if (p.cp() <= 1) {
      return 0;
    }
    ModelSpec m = job.model();
    GroupPlacement group = GroupPlacement.of(p.cp(), p.tp(), job.scaleUpGpus());
    double tokens = (double) job.seq() / p.cp() * p.microBatch();
    double kv = 2 * tokens * m.keyValueWidth() * job.activationBytes() / p.tp(); // this chunk's K and V
    double forward = Math.max(0, net.sendReceive(kv, !group.withinNode()) - attentionForward / p.cp());
    double backward = Math.max(0, net.sendReceive(2 * kv, !group.withinNode()) - attentionBackward / p.cp());
    double passes = p.recompute() == Recompute.FULL ? 2 : 1;
    return (p.cp() - 1) * (passes * forward + backward);
  }
}
