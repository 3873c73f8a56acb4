package org.llmplan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidValueException;
import org.llmplan.network.TestJobs;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.storage.CheckpointMode;
import org.llmplan.storage.CheckpointSize;
import org.llmplan.storage.CheckpointTimes;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

class ReliabilityModelTest {
  private static final double DAY = 86_400;

  @Test
  void theLlama3RateReproducesItsInterruptionsAndAThreeHourMtbf() {
    FailureModel llama3 = FailureModel.llama3();
    assertThat(llama3.interruptionsPerGpuDay()).isCloseTo(4.74e-4, within(0.01e-4));
    assertThat(llama3.expectedInterruptions(16_384, 54 * DAY)).isCloseTo(419, within(1e-9));
    assertThat(llama3.jobMtbfSeconds(16_384) / 3600).isCloseTo(54 * 24 / 419.0, within(1e-9)); // 3.09 h
    assertThat(llama3.causes().stream().mapToInt(FailureModel.Cause::count).sum()).isEqualTo(419);
    assertThat(llama3.share(llama3.causes().get(0))).isCloseTo(148 / 419.0, within(1e-12));
  }

  /** Llama 3.1 405B as Meta ran it: 16,384 H100, TP 8, PP 16 (7 layers on the first and last stage), DP 128. */
  private static TrainingJob llama405b() {
    Parallelism p = new Parallelism(8, 16, 128, 1, 1, 1, 1, true, Sharding.DISTRIBUTED_OPTIMIZER, 0,
        Recompute.SELECTIVE, OffloadTarget.NONE, OffloadTarget.NONE, 7, 7);
    return TestJobs.job("llama-3.1-405b", "h100-sxm", p, 8192, 2048, "megatron");
  }

  private static ReliabilityEstimate llama3Run(String storage, CheckpointMode mode, int simulations) {
    TrainingJob job = llama405b();
    double step = new TrainingTimeEstimator().stepTimes(job).total();
    CheckpointTimes ckpt = CheckpointTimes.of(job, CheckpointSize.of(job,
        new TrainingMemoryEstimator().worstStage(job)), TestJobs.CATALOG.storage(storage));
    // 51 days of failure-free training: about 54 days of wall time with failures, as in the paper's snapshot.
    return new ReliabilityModel(FailureModel.llama3()).estimate(new ReliabilityModel.Inputs(16_384, step,
        51 * DAY, ckpt.stallSeconds(mode), ckpt.persistLagSeconds(mode), ckpt.restoreSeconds(),
        ReliabilityModel.DEFAULT_RESTART_SECONDS, null, simulations, 42));
  }

  @Test
  void llama3WithAFastAsynchronousCheckpointKeepsEffectiveTrainingTimeAbove90Percent() {
    ReliabilityEstimate e = llama3Run("tectonic", CheckpointMode.ASYNC, 10_000);
    double wallDays = e.schedule().expectedSeconds() / DAY;
    assertThat(wallDays).isBetween(53.0, 55.0);
    // Failures strike while training runs, not during the 10-minute restarts: a little under 419 in 54 days.
    assertThat(e.schedule().expectedInterruptions() * 54 / wallDays).isBetween(0.93 * 419, 419.0);
    assertThat(e.effectiveTrainingTimeRatio()).isGreaterThan(0.90); // the paper: "higher than 90 %"
    assertThat(e.simulated().meanSeconds()).isCloseTo(e.schedule().expectedSeconds(),
        within(0.002 * e.schedule().expectedSeconds()));
    assertThat(e.simulated().p50Seconds()).isLessThan(e.simulated().p90Seconds());
    assertThat(e.simulated().p90Seconds()).isLessThan(e.simulated().p99Seconds());
  }

  @Test
  void aBlockingCheckpointToOneNfsServerLosesMostOfTheRun() {
    // 5.7 TB at 5 GB/s is a 19-minute stall per checkpoint: Daly checkpoints every 80 minutes or so.
    ReliabilityEstimate e = llama3Run("nfs", CheckpointMode.BLOCKING, 0);
    assertThat(e.stallSeconds()).isGreaterThan(1000);
    assertThat(e.effectiveTrainingTimeRatio()).isLessThan(0.6);
  }

  @Test
  void theSearchFactorIsTheLongRunsWallTimeOverItsWork() {
    ReliabilityModel model = new ReliabilityModel(FailureModel.llama3());
    double factor = model.expectedTimeFactor(16_384, 10, 0.3, 3, 900);
    double interval = ReliabilityModel.interval(10, 0.3, 3, FailureModel.llama3().jobMtbfSeconds(16_384));
    RunSchedule longRun = new RunSchedule(1e4 * interval, interval, 0.3, 3, 900,
        FailureModel.llama3().jobMtbfSeconds(16_384));
    assertThat(factor).isCloseTo(1 / longRun.effectiveTrainingTimeRatio(), within(1e-9));
    assertThat(model.expectedTimeFactor(1_024, 10, 0.3, 3, 900)).isLessThan(factor).isGreaterThan(1);
  }

  @Test
  void theIntervalIsWholeStepsAndNeverShorterThanTheBackgroundWrite() {
    // Daly for a 1 s stall at a 10,000 s MTBF is 140 s: 14 steps of 10 s.
    assertThat(ReliabilityModel.interval(10, 1, 0, 10_000)).isEqualTo(140);
    // A 300 s background write: the next checkpoint starts when it ends, 299 s of steps later.
    assertThat(ReliabilityModel.interval(10, 1, 300, 10_000)).isEqualTo(300);
  }

  @Test
  void aSeedGivesTheSameRunsAndAnotherSeedOthers() {
    RunSchedule s = new RunSchedule(10 * DAY, 1800, 30, 60, 900, 6 * 3600);
    assertThat(RunSimulation.simulate(s, 1000, 7)).isEqualTo(RunSimulation.simulate(s, 1000, 7));
    assertThat(RunSimulation.simulate(s, 1000, 8).meanSeconds())
        .isNotEqualTo(RunSimulation.simulate(s, 1000, 7).meanSeconds());
  }

  @Test
  void badInputIsRefusedWithWhatToChange() {
    assertThatThrownBy(() -> FailureModel.of(0)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("failure rate");
    assertThatThrownBy(() -> FailureModel.of(-1e-4)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new ReliabilityModel.Inputs(8, 1, 0, 0, 0, 0, 600, 0.0, 0, 1))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("checkpoint interval");
    assertThatThrownBy(() -> new ReliabilityModel.Inputs(8, 1, 0, 0, 0, 0, -5, null, 0, 1))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("restart time");
  }

  @Property(tries = 300)
  void moreFailuresNeverRaiseTheEffectiveTrainingTimeRatio(
      @ForAll @Scale(8) @DoubleRange(min = 1e-5, max = 1e-2) double rate, @ForAll @DoubleRange(min = 1.01, max = 10) double more,
      @ForAll @IntRange(min = 8, max = 100_000) int gpus, @ForAll @DoubleRange(min = 0, max = 600) double stall,
      @ForAll @DoubleRange(min = 0, max = 3600) double restart, @ForAll @DoubleRange(min = 60, max = 7200) double every) {
    for (Double interval : new Double[] {null, every}) {
      double fewer = ettr(rate, gpus, stall, restart, interval);
      double many = ettr(rate * more, gpus, stall, restart, interval);
      assertThat(many).isLessThanOrEqualTo(fewer + 1e-12);
    }
  }

  private static double ettr(double rate, int gpus, double stall, double restart, Double interval) {
    return new ReliabilityModel(FailureModel.of(rate)).estimate(new ReliabilityModel.Inputs(gpus, 1, 30 * DAY,
        stall, 0, 0, restart, interval, 0, 1)).effectiveTrainingTimeRatio();
  }

  @Property(tries = 40)
  void theMonteCarloMeanMatchesTheExpectedTime(@ForAll @DoubleRange(min = 1, max = 60) double workDays,
      @ForAll @DoubleRange(min = 300, max = 3600) double interval, @ForAll @DoubleRange(min = 0, max = 600) double stall,
      @ForAll @DoubleRange(min = 0, max = 3600) double restart, @ForAll @DoubleRange(min = 2, max = 48) double mtbfHours) {
    RunSchedule s = new RunSchedule(workDays * DAY, interval, stall, 0, restart, mtbfHours * 3600);
    RunSimulation.Outcome o = RunSimulation.simulate(s, 2000, 3);
    // Within four standard errors of the exact expectation.
    assertThat(o.meanSeconds()).isCloseTo(s.expectedSeconds(), within(4 * o.stdSeconds() / Math.sqrt(2000) + 1e-6));
    assertThat(o.meanInterruptions()).isCloseTo(s.expectedInterruptions(),
        within(0.05 * s.expectedInterruptions() + 0.5));
  }
}
