package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.infer.IterationCost;
import org.llmplan.serving.ArrivalProcess;
import org.llmplan.serving.Deployment;
import org.llmplan.serving.LengthDistribution;
import org.llmplan.serving.Requests;
import org.llmplan.serving.SchedulerPolicy;
import org.llmplan.serving.ServingInstance;
import org.llmplan.serving.ServingMetrics;
import org.llmplan.serving.ServingSimulator;
import org.llmplan.serving.Workload;
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
 * Speed of the serving simulator on the target case: one hour of Poisson traffic at 50 requests/s
 * (about 180,000 requests) on one Llama-3-70B replica on 8 H100s under vLLM-style continuous batching.
 * Run: java -jar llmplan-bench/target/benchmarks.jar ServingSimulation
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(1)
public class ServingSimulationBenchmark {
  /**
   * A closed-form iteration time shaped like Llama-3-70B in BF16 with TP 8 on H100 SXM (numbers from the
   * reference notes' worked example): a decode step of 12 ms (17.6 GB of weights per GPU at 3 TB/s, 160 TP
   * all-reduces, launch and host overhead), 0.04 ms per sequence, 40 KiB of KV per token per GPU read at
   * 3 TB/s; prompt tokens at 2 x 70.6 GFLOP over 8 x 989 TFLOP/s at 70 % (25.5 us each) and attention at
   * 2.6 MFLOP per attended pair at 50 % (0.66 ns each).
   */
  static final IterationCost LLAMA_70B_TP8_H100 = (prefillTokens, attendedPairs, decodeSequences, context) ->
      12e-3 + 0.04e-3 * decodeSequences + 13.7e-9 * context + 25.5e-6 * prefillTokens + 0.66e-9 * attendedPairs;

  private final ServingSimulator simulator = new ServingSimulator();
  private Workload oneHour;
  private Requests requests;
  private Deployment replica;

  @Setup
  public void setUp() {
    oneHour = new Workload.Synthetic(new ArrivalProcess.Poisson(50), LengthDistribution.LogNormal.ofMean(220, 1.0),
        LengthDistribution.LogNormal.ofMean(100, 0.8), 3600);
    requests = oneHour.requests(42);
    replica = new Deployment.Aggregated(new ServingInstance(LLAMA_70B_TP8_H100, 1_200_000,
        ServingInstance.VLLM_BLOCK_SIZE, SchedulerPolicy.ContinuousBatching.VLLM_DEFAULT, 8));
  }

  @Benchmark
  public Requests generateOneHour() {
    return oneHour.requests(42);
  }

  @Benchmark
  public ServingMetrics simulateOneHour() {
    return simulator.simulate(replica, requests, 60);
  }

  @Benchmark
  public ServingMetrics generateAndSimulateOneHour() {
    return simulator.simulate(replica, oneHour.requests(42), 60);
  }
}
