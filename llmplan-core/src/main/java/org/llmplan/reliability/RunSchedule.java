package org.llmplan.reliability;

/**
 * A run as failures see it: {@code workSeconds} of failure-free training cut into segments of
 * {@code intervalSeconds}, each followed by a checkpoint that stalls training {@code stallSeconds} and is on
 * storage {@code persistLagSeconds} later. Failures arrive at random (exponential gaps, mean
 * {@code mtbfSeconds}); each one loses the work since the last checkpoint on storage and costs
 * {@code restartSeconds} (detection, rescheduling, start-up and reloading the checkpoint).
 *
 * <p>Expected time (Daly 2006, without failures during restart): a segment of s = interval + stall seconds
 * needs (e^(s/M) - 1) attempts that fail before one that succeeds, and takes (e^(s/M) - 1)(M + R) seconds on
 * average. An asynchronous checkpoint becomes durable P seconds after its stall, so a failure in that window
 * rolls back one segment more: on average P more seconds lost per failure, added to first order.
 */
public record RunSchedule(double workSeconds, double intervalSeconds, double stallSeconds, double persistLagSeconds,
    double restartSeconds, double mtbfSeconds) {

  /** Segments of work, the last one possibly shorter. */
  public long segments() {
    return (long) Math.ceil(workSeconds / intervalSeconds);
  }

  /** Expected failures over the run. */
  public double expectedInterruptions() {
    long n = segments();
    double last = workSeconds - (n - 1) * intervalSeconds;
    return (n - 1) * Math.expm1((intervalSeconds + stallSeconds) / mtbfSeconds)
        + Math.expm1((last + stallSeconds) / mtbfSeconds);
  }

  /** Expected wall time of the run, failures included. */
  public double expectedSeconds() {
    return expectedInterruptions() * (mtbfSeconds + restartSeconds + persistLagSeconds);
  }

  /** Expected wall time over failure-free time for a run of unbounded length: what the search multiplies by. */
  public double steadyStateFactor() {
    return steadyStateFactor(intervalSeconds, stallSeconds, persistLagSeconds, restartSeconds, mtbfSeconds);
  }

  /** One segment's expected wall time over its work: the factor of a run of unbounded length. */
  static double steadyStateFactor(double interval, double stall, double lag, double restart, double mtbf) {
    return Math.expm1((interval + stall) / mtbf) * (mtbf + restart + lag) / interval;
  }

  /** Stall seconds of the first pass of every checkpoint (redone ones count as lost work). */
  public double checkpointStallSeconds() {
    return segments() * stallSeconds;
  }

  public double restartTotalSeconds() {
    return expectedInterruptions() * restartSeconds;
  }

  /** Work redone after failures, and the checkpoint stalls redone with it. */
  public double lostWorkSeconds() {
    return expectedSeconds() - workSeconds - checkpointStallSeconds() - restartTotalSeconds();
  }

  /** Effective training time ratio (Meta's ETTR): productive time over wall time. */
  public double effectiveTrainingTimeRatio() {
    return workSeconds / expectedSeconds();
  }
}
