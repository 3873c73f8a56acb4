package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.train.TrainingJob;
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
 * Speed of the network estimate (traffic per dimension and link) and of the NIC-speed bisection, on GPT-3
 * 175B with TP 8, PP 8, DP 16 on A100-80GB. Run: java -jar llmplan-bench/target/benchmarks.jar Network
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class NetworkBenchmark {
  private final NetworkEstimator estimator = new NetworkEstimator();
  private TrainingJob job;

  @Setup
  public void setUp() {
    job = BenchmarkJobs.gpt3();
  }

  @Benchmark
  public NetworkEstimate trafficPerLinkAndDimension() {
    return estimator.estimate(job);
  }

  @Benchmark
  public BandwidthThreshold nicSpeedThreshold() {
    return BandwidthThreshold.find(job, 0.1);
  }
}
