package org.llmplan.reliability;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * Failures, checkpoints and restarts over a training run: the job's MTBF, the checkpoint interval (Daly's,
 * unless the user sets one), the expected time lost and the effective training time ratio, and a Monte
 * Carlo of the whole run.
 */
public final class ReliabilityModel {
  /**
   * Seconds from an interruption until training runs again, besides reloading the checkpoint: detecting
   * the failure, draining and replacing the node, rescheduling, starting the processes and initialising
   * NCCL. An assumption (no published figure covers it for one job size); override with --restart-time.
   */
  public static final double DEFAULT_RESTART_SECONDS = 600;

  private final FailureModel failures;

  public ReliabilityModel(FailureModel failures) {
    this.failures = failures;
  }

  /**
   * Expected wall time over failure-free time for a long run on {@code gpus} GPUs, checkpointing at Daly's
   * interval: a factor a search can multiply a time-to-train by. Arithmetic only, no allocation.
   *
   * @param stallSeconds training paused per checkpoint
   * @param persistLagSeconds time after the stall until the checkpoint is on storage (0 when blocking)
   * @param restartSeconds restart and reload after a failure
   */
  public double expectedTimeFactor(int gpus, double stepSeconds, double stallSeconds, double persistLagSeconds,
      double restartSeconds) {
    double mtbf = failures.jobMtbfSeconds(gpus);
    double interval = interval(stepSeconds, stallSeconds, persistLagSeconds, mtbf);
    return RunSchedule.steadyStateFactor(interval, stallSeconds, persistLagSeconds, restartSeconds, mtbf);
  }

  /**
   * Daly's interval in whole steps (checkpoints happen between steps), at least one step, and long enough
   * for an asynchronous write to end before the next checkpoint starts.
   */
  public static double interval(double stepSeconds, double stallSeconds, double persistLagSeconds, double mtbf) {
    double steps = Math.max(1, Math.round(CheckpointInterval.daly(stallSeconds, mtbf) / stepSeconds));
    if (steps * stepSeconds + stallSeconds < persistLagSeconds) {
      steps = Math.ceil((persistLagSeconds - stallSeconds) / stepSeconds);
    }
    return steps * stepSeconds;
  }

  /**
   * What a run of {@code in.workSeconds()} failure-free seconds (0: no token budget, then only rates) costs
   * in failures and checkpoints.
   */
  public ReliabilityEstimate estimate(Inputs in) {
    double mtbf = failures.jobMtbfSeconds(in.gpus());
    double stall = in.stallSeconds();
    double lag = in.persistLagSeconds();
    double restart = in.restartOverheadSeconds() + in.restoreSeconds();
    List<String> notes = new ArrayList<>();
    double interval;
    String choice;
    if (in.intervalSeconds() == null) {
      interval = interval(in.stepSeconds(), stall, lag, mtbf);
      choice = "Daly's optimum in whole steps";
    } else {
      interval = Math.max(in.stepSeconds(), in.intervalSeconds());
      choice = "--checkpoint-every";
      if (interval + stall < lag) {
        interval = lag - stall;
        notes.add("checkpoint interval raised to the background write time: a checkpoint cannot start before "
            + "the previous one is on storage");
      }
    }
    RunSchedule schedule = new RunSchedule(in.workSeconds(), interval, stall, lag, restart, mtbf);
    RunSimulation.Outcome simulated = null;
    if (in.workSeconds() > 0 && in.simulations() > 0) {
      int runs = RunSimulation.affordableRuns(schedule, in.simulations());
      if (runs == 0) {
        notes.add("not simulated: each run would meet too many failures (the job barely progresses)");
      } else {
        simulated = RunSimulation.simulate(schedule, runs, in.seed());
        if (runs < in.simulations()) {
          notes.add("simulated " + runs + " runs, not " + in.simulations() + ": each meets about "
              + Math.round(schedule.expectedInterruptions()) + " failures");
        }
      }
    }
    if (!(schedule.steadyStateFactor() < 100)) {
      notes.add("failures come faster than the job can checkpoint: it would hardly progress; checkpoint faster, "
          + "lower the failure rate or use fewer GPUs");
    } else if ((interval + stall) > mtbf) {
      notes.add("a checkpoint interval longer than the job's MTBF: most segments fail before they end");
    }
    return new ReliabilityEstimate(failures, in.gpus(), mtbf, in.restartOverheadSeconds(), in.restoreSeconds(),
        stall, lag, CheckpointInterval.young(stall, mtbf), CheckpointInterval.daly(stall, mtbf), interval, choice,
        schedule, simulated, notes);
  }

  /**
   * @param workSeconds failure-free time to train (0 when there is no token budget)
   * @param stallSeconds training paused per checkpoint
   * @param persistLagSeconds time after the stall until the checkpoint is on storage
   * @param restoreSeconds reading the checkpoint back after a failure
   * @param restartOverheadSeconds the rest of a restart ({@link #DEFAULT_RESTART_SECONDS})
   * @param intervalSeconds compute seconds between checkpoints; null for Daly's optimum
   * @param simulations Monte Carlo runs (0 = none)
   */
  public record Inputs(int gpus, double stepSeconds, double workSeconds, double stallSeconds,
      double persistLagSeconds, double restoreSeconds, double restartOverheadSeconds, Double intervalSeconds,
      int simulations, long seed) {
    public Inputs {
      InvalidValueException.requireInRange("restart time (s)", restartOverheadSeconds, 0, 30 * 86_400.0);
      if (intervalSeconds != null) {
        InvalidValueException.requireInRange("checkpoint interval (s)", intervalSeconds, 1, 365 * 86_400.0);
      }
      InvalidValueException.requireInRange("simulations", simulations, 0, 10_000_000);
    }
  }
}
