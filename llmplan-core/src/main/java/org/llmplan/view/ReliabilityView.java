package org.llmplan.view;

import java.util.List;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.reliability.ReliabilityEstimate;
import org.llmplan.reliability.RunSchedule;
import org.llmplan.reliability.RunSimulation;

/**
 * The {@code reliability} object of `train --json` (docs/json.md): failures, the checkpoint interval and,
 * with a token budget, the expected and simulated run (the Monte Carlo outcome is the engine's own record).
 *
 * @param expected with a token budget, else absent; so is {@code simulated}
 */
public record ReliabilityView(
    double interruptionsPerGpuDay,
    String failureSource,
    List<Cause> causes,
    double mtbfSeconds,
    double interruptionsPerDay,
    double restartSeconds,
    double restoreSeconds,
    double stallSeconds,
    double persistLagSeconds,
    double youngSeconds,
    double dalySeconds,
    double intervalSeconds,
    String intervalChoice,
    double effectiveTrainingTimeRatio,
    double lostShare,
    Expected expected,
    RunSimulation.Outcome simulated,
    List<String> notes) {

  static ReliabilityView of(GoodputEstimate g) {
    ReliabilityEstimate r = g.reliability();
    FailureModel f = r.failures();
    return new ReliabilityView(f.interruptionsPerGpuDay(), f.source(),
        f.causes().stream().map(c -> new Cause(c.name(), f.share(c))).toList(), r.mtbfSeconds(),
        r.interruptionsPerDay(), r.restartOverheadSeconds(), r.restoreSeconds(), r.stallSeconds(),
        r.persistLagSeconds(), r.youngSeconds(), r.dalySeconds(), r.intervalSeconds(), r.intervalChoice(),
        r.effectiveTrainingTimeRatio(), r.lostShare(), r.hasRun() ? Expected.of(g) : null, r.simulated(),
        r.notes());
  }

  /** One cause of interruptions and its share of them. */
  public record Cause(String name, double share) {}

  /** The token budget's run with failures: values that would be infinite are absent. */
  public record Expected(
      Double timeToTrainSeconds,
      Double interruptions,
      double checkpointStallSeconds,
      Double lostWorkSeconds,
      Double restartSeconds,
      Double gpuHours,
      Double costUsd) {

    static Expected of(GoodputEstimate g) {
      RunSchedule s = g.reliability().schedule();
      return new Expected(Finite.orAbsent(g.expectedTimeToTrainSeconds()), Finite.orAbsent(s.expectedInterruptions()),
          s.checkpointStallSeconds(), Finite.orAbsent(s.lostWorkSeconds()), Finite.orAbsent(s.restartTotalSeconds()),
          Finite.orAbsent(g.expectedGpuHours()), Finite.orAbsent(g.expectedCostUsd()));
    }
  }
}
