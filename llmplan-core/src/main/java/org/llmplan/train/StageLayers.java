package org.llmplan.train;

import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.PipelineSplit;

/**
 * Which layers a pipeline stage (a GPU's rank in the pipeline) holds, over all its virtual stages, as
 * {@link PipelineSplit} deals them: evenly, unevenly with given first and last stages, or with the embedding
 * and loss counted as layers.
 */
public final class StageLayers {
  private StageLayers() {}

  /** Layers on pipeline stage {@code stage}. */
  public static int count(ModelSpec m, Parallelism p, int stage) {
    return PipelineSplit.layersOnRank(m.layers(), p, stage);
  }

  /** MoE layers on pipeline stage {@code stage}: those among the blocks of consecutive layers its chunks hold. */
  public static int moeLayers(ModelSpec m, Parallelism p, int stage) {
    if (!m.isMoe()) {
      return 0;
    }
    int moe = 0;
    int start = 0;
    for (int chunk = 0; chunk < p.vpp(); chunk++) {
      for (int rank = 0; rank < p.pp(); rank++) {
        int end = start + PipelineSplit.layersInVirtualStage(m.layers(), p, rank, chunk);
        if (rank == stage) {
          for (int layer = start; layer < end; layer++) {
            moe += m.moe().isMoeLayer(layer) ? 1 : 0;
          }
        }
        start = end;
      }
    }
    return moe;
  }
}
