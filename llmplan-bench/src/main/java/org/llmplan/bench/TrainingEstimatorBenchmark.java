package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the training estimators on one configuration (GPT-3 175B, TP 8, PP 8, DP 16 on A100-80GB): the
 * memory estimate with its explained breakdown, the step time as plain numbers (what a search evaluates) and
 * with its explanations, and building and checking the job. Run: java -jar llmplan-bench/target/benchmarks.jar
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TrainingEstimatorBenchmark {
  private final TrainingMemoryEstimator estimator = new TrainingMemoryEstimator();
  private final TrainingTimeEstimator timeEstimator = new TrainingTimeEstimator();
  private TrainingJob job;
  private Parallelism layout;

  @Setup
  public void setUp() {
    layout = BenchmarkJobs.GPT3_LAYOUT;
    job = BenchmarkJobs.gpt3();
  }

  @Benchmark
  public MemoryEstimate estimateWorstStage() {
    return estimator.worstStage(job);
  }

  @Benchmark
  public double stepSeconds() {
    return timeEstimator.stepTimes(job).total();
  }

  @Benchmark
  public TimeEstimate explainedStepTime() {
    return timeEstimator.estimate(job);
  }

  @Benchmark
  public TrainingJob buildAndCheckJob() {
    return job.with(layout, 1536);
  }
}
