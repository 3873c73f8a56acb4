package org.llmplan.validate;

import org.llmplan.parallel.Recompute;
import org.llmplan.train.TrainingJob;

/**
 * The few numbers the sources' FLOP formulas take.
 *
 * @param sequences global batch B (sequences per optimizer step)
 * @param params parameter count N (llm-foundry's formula)
 * @param fullRecompute whether every layer's forward runs twice
 */
public record FlopShape(long sequences, int seq, int layers, int hidden, int vocab, double params,
    boolean fullRecompute) {

  public static FlopShape of(TrainingJob job) {
    return new FlopShape(job.globalBatch(), job.seq(), job.model().layers(), job.model().hidden(),
        job.model().vocab(), job.model().parameters().total(), job.parallelism().recompute() == Recompute.FULL);
  }
}
