package org.llmplan.search;

import java.util.Comparator;
import org.llmplan.parallel.Parallelism;

/**
 * A total order on layouts, used to break ties between plans that are equally good so that every run
 * ranks them the same way. Simpler layouts come first: smaller TP, CP and PP, even pipeline splits (nothing
 * but layers counted), no virtual stages, smaller micro-batches, no sequence parallelism, less recompute, less sharding, no offload.
 */
final class LayoutOrder {
  static final Comparator<Parallelism> ORDER = Comparator.comparingInt(Parallelism::tp)
      .thenComparingInt(Parallelism::cp)
      .thenComparingInt(Parallelism::pp)
      .thenComparingInt(Parallelism::firstStageLayers)
      .thenComparingInt(Parallelism::lastStageLayers)
      .thenComparing(Parallelism::embeddingInSplit)
      .thenComparing(Parallelism::lossInSplit)
      .thenComparingInt(Parallelism::ep)
      .thenComparingInt(Parallelism::vpp)
      .thenComparingInt(Parallelism::microBatch)
      .thenComparing(Parallelism::sequenceParallel)
      .thenComparing(Parallelism::recompute)
      .thenComparing(Parallelism::sharding)
      .thenComparingInt(Parallelism::shardGroup)
      .thenComparing(Parallelism::offloadParameters)
      .thenComparing(Parallelism::offloadOptimizer)
      .thenComparingInt(Parallelism::dp);

  private LayoutOrder() {}
}
