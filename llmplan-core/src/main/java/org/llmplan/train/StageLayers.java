package org.llmplan.train;

import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Parallelism;

/**
 * Which layers a pipeline stage holds: L / p each, or, with Megatron's uneven split, the given counts on
 * the first and last stages and the rest spread evenly over the stages between.
 */
public final class StageLayers {
  private StageLayers() {}

  /** Layers on pipeline stage {@code stage}. */
  public static int count(ModelSpec m, Parallelism p, int stage) {
    if (!p.unevenSplit()) {
      return m.layers() / p.pp();
    }
    if (stage == 0 && p.firstStageLayers() > 0) {
      return p.firstStageLayers();
    }
    if (stage == p.pp() - 1 && p.lastStageLayers() > 0) {
      return p.lastStageLayers();
    }
    int middle = p.pp() - (p.firstStageLayers() > 0 ? 1 : 0) - (p.lastStageLayers() > 0 ? 1 : 0);
    return (m.layers() - p.firstStageLayers() - p.lastStageLayers()) / middle;
  }

  /** MoE layers on pipeline stage {@code stage}. */
  public static int moeLayers(ModelSpec m, Parallelism p, int stage) {
    if (!m.isMoe()) {
      return 0;
    }
    int layers = count(m, p, stage);
    if (p.interleaved()) {
      // Interleaving deals chunks round-robin, so each GPU sees the model's mix of layer kinds.
      return (int) Math.round((double) m.moeLayers() * layers / m.layers());
    }
    int start = 0;
    for (int s = 0; s < stage; s++) {
      start += count(m, p, s);
    }
    int moe = 0;
    for (int layer = start; layer < start + layers; layer++) {
      if (m.moe().isMoeLayer(layer)) {
        moe++;
      }
    }
    return moe;
  }
}
