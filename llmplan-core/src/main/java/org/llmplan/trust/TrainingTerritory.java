package org.llmplan.trust;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.train.TrainingJob;

/** Where a training step-time estimate lies. */
public final class TrainingTerritory {
  /** From here on attention dominates the step and CP or activation recompute shape it (Llama 3: 8K to 128K). */
  static final int LONG_CONTEXT = 32_768;
  /** Pipelines this deep run few layers per stage, where bubble and stage imbalance decide the step. */
  static final int DEEP_PIPELINE = 16;

  private TrainingTerritory() {}

  public static Territory of(TrainingJob job) {
    List<String> regimes = new ArrayList<>();
    if (job.seq() >= LONG_CONTEXT) {
      regimes.add("long-context");
    }
    if (job.parallelism().pp() >= DEEP_PIPELINE) {
      regimes.add("deep-pipeline");
    }
    if (job.parallelism().cp() > 1) {
      regimes.add("context-parallel");
    }
    if (job.gpus() == 1) {
      regimes.add("single-gpu");
    }
    return Territory.of(job.framework().name(), job.gpu(), job.model().moe() != null, job.precisionLabel(),
        regimes);
  }
}
