package org.llmplan.search;

import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingRun;

/**
 * One plan a search returns, explained as {@code llmplan train} explains a job.
 *
 * @param request the request that rebuilds {@code job} (what {@code --save} writes)
 * @param failureFactor expected wall time over failure-free time (interruptions, checkpoint stalls,
 *     restarts); 1 when the search ignores failures
 */
public record Plan(TrainingRequest request, TrainingJob job, MemoryEstimate memory, TrainingRun run,
    double failureFactor) {

  /** Time to train the token budget, failures included when the search counts them. */
  public double expectedTimeToTrainSeconds() {
    return run.timeToTrainSeconds() * failureFactor;
  }

  /** Cost of the token budget: the GPUs are paid for while they wait on failures too. */
  public double expectedCostUsd() {
    return run.costUsd() * failureFactor;
  }

  public TimeEstimate time() {
    return run.time();
  }

  public double stepSeconds() {
    return run.time().stepSeconds();
  }
}
