package org.llmplan.reliability;

import java.util.List;

/**
 * Failures and checkpoints over a training run.
 *
 * @param mtbfSeconds mean time between interruptions of the whole job
 * @param restartOverheadSeconds restart besides reloading
 * @param restoreSeconds reloading the checkpoint
 * @param stallSeconds training paused per checkpoint
 * @param persistLagSeconds time until an asynchronous checkpoint is on storage
 * @param youngSeconds Young's optimal interval
 * @param dalySeconds Daly's optimal interval
 * @param intervalSeconds the interval used (compute seconds between checkpoints)
 * @param intervalChoice where it comes from
 * @param schedule the run as failures see it, with the expected times
 * @param simulated the Monte Carlo outcome, or null when there is no token budget or it was skipped
 */
public record ReliabilityEstimate(
    FailureModel failures,
    int gpus,
    double mtbfSeconds,
    double restartOverheadSeconds,
    double restoreSeconds,
    double stallSeconds,
    double persistLagSeconds,
    double youngSeconds,
    double dalySeconds,
    double intervalSeconds,
    String intervalChoice,
    RunSchedule schedule,
    RunSimulation.Outcome simulated,
    List<String> notes) {

  public ReliabilityEstimate {
    notes = List.copyOf(notes);
  }

  public double interruptionsPerDay() {
    return 86_400 / mtbfSeconds;
  }

  public boolean hasRun() {
    return schedule.workSeconds() > 0;
  }

  /** Productive time over wall time; for a run without a budget, that of an unbounded run. */
  public double effectiveTrainingTimeRatio() {
    return hasRun() ? schedule.effectiveTrainingTimeRatio() : 1 / schedule.steadyStateFactor();
  }

  /** Expected share of wall time lost to failures and checkpoints. */
  public double lostShare() {
    return 1 - effectiveTrainingTimeRatio();
  }
}
