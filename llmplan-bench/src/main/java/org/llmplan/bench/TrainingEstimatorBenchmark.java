package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.train.FrameworkProfile;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.Optimizer;
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
    Catalog catalog = Catalog.embedded();
    FrameworkProfile megatron = catalog.framework("megatron");
    layout = new Parallelism(8, 8, 16, 1, 1, 1, 1, true, Sharding.DISTRIBUTED_OPTIMIZER, 0, Recompute.SELECTIVE,
        OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    job = new TrainingJob(catalog.model("gpt3-175b"), catalog.gpu("a100-80gb"), 1024, 8, layout, 2048, 1536,
        Precision.BF16, megatron.policy(), Optimizer.ADAMW, megatron, megatron.attention(), 0,
        ScaleOut.of(catalog.node("dgx-a100"), catalog.fabric("ib-hdr")));
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
