package org.llmplan.search;

import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingRequest;
import org.llmplan.train.TrainingRun;

/**
 * One plan a search returns, explained as {@code llmplan train} explains a job.
 *
 * @param request the request that rebuilds {@code job} (what {@code --save} writes)
 */
public record Plan(TrainingRequest request, TrainingJob job, MemoryEstimate memory, TrainingRun run) {

  public TimeEstimate time() {
    return run.time();
  }

  public double stepSeconds() {
    return run.time().stepSeconds();
  }
}
