package org.llmplan.train;

import org.llmplan.model.ModelSpec;

/** Which layers a pipeline stage holds. */
final class StageLayers {
  private StageLayers() {}

  /** MoE layers among the {@code layersInStage} layers of pipeline stage {@code stage}. */
  static int moeLayers(ModelSpec m, int stage, int layersInStage, boolean interleaved) {
    if (!m.isMoe()) {
      return 0;
    }
    if (interleaved) {
      // Interleaving deals chunks round-robin, so each GPU sees the model's mix of layer kinds.
      return (int) Math.round((double) m.moeLayers() * layersInStage / m.layers());
    }
    int count = 0;
    for (int layer = stage * layersInStage; layer < (stage + 1) * layersInStage; layer++) {
      if (m.moe().isMoeLayer(layer)) {
        count++;
      }
    }
    return count;
  }
}
