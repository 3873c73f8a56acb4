package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.reliability.FailureModel;
import org.llmplan.reliability.ReliabilityModel;
import org.llmplan.reliability.RunSchedule;
import org.llmplan.reliability.RunSimulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the reliability model in the Llama 3 setting (16,384 GPUs, MTBF 3.1 h, about 400 failures per
 * run): 10,000 Monte Carlo runs of a 51-day run (what `train --tokens` prints), and the closed-form factor a
 * search calls per plan. Run: java -jar llmplan-bench/target/benchmarks.jar Reliability
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReliabilityBenchmark {
  private final ReliabilityModel model = new ReliabilityModel(FailureModel.llama3());
  private final double mtbf = FailureModel.llama3().jobMtbfSeconds(16_384);
  /** 51 days of work, checkpoint every 75 s with a 0.27 s stall, 2.8 s to storage, 10 min restart + 3 s reload. */
  private final RunSchedule llama3 = new RunSchedule(51 * 86_400.0, 75, 0.27, 2.8, 603, mtbf);

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RunSimulation.Outcome simulateTenThousandRuns() {
    return RunSimulation.simulate(llama3, 10_000, 1);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public double expectedTimeFactor() {
    return model.expectedTimeFactor(16_384, 9.4, 0.27, 2.8, 603);
  }
}
