package org.llmplan.view;

import org.llmplan.parallel.Parallelism;

/**
 * The {@code layout} object of `memory train`, `train`, `network` and the search's plans (docs/json.md):
 * the parallel layout with sequence parallelism as in effect and the enums by their labels.
 */
public record LayoutView(
    int tp,
    int pp,
    int dp,
    int cp,
    int ep,
    int vpp,
    int microBatch,
    boolean sequenceParallel,
    String sharding,
    int shardGroup,
    String recompute,
    String offloadOptimizer,
    String offloadParameters,
    int firstStageLayers,
    int lastStageLayers,
    boolean embeddingInSplit,
    boolean lossInSplit) {

  static LayoutView of(Parallelism p) {
    return new LayoutView(p.tp(), p.pp(), p.dp(), p.cp(), p.ep(), p.vpp(), p.microBatch(),
        p.effectiveSequenceParallel(), p.sharding().label(), p.shardGroup(), p.recompute().label(),
        p.offloadOptimizer().label(), p.offloadParameters().label(), p.firstStageLayers(), p.lastStageLayers(),
        p.embeddingInSplit(), p.lossInSplit());
  }
}
