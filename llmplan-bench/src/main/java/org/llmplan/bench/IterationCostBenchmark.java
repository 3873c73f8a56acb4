package org.llmplan.bench;

import java.util.concurrent.TimeUnit;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.InferenceRequest;
import org.llmplan.infer.IterationCost;
import org.llmplan.infer.IterationTime;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
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
 * Speed of one serving-iteration cost, which the serving simulator asks once per simulated iteration: a dense
 * model (Llama-3.1-70B FP8, TP 8, vLLM) and an MoE model (DeepSeek-V3 FP8, TP 8, EP 8), each for a mixed
 * iteration (a 512-token prefill chunk after 1024 cached tokens beside 128 decoding sequences) and a decode-only
 * one. The inputs are fields so the JIT cannot fold them. Run: java -jar llmplan-bench/target/benchmarks.jar
 * IterationCost
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IterationCostBenchmark {
  private IterationCost dense;
  private IterationCost moe;
  private long prefillTokens = 512;
  private long prefillPairs = 512L * (1024 + 513 / 2);
  private int decodeSequences = 128;
  private long decodeContext = 128L * 2000;

  @Setup
  public void setUp() {
    Catalog catalog = Catalog.embedded();
    dense = new IterationTime(InferenceRequest.of("llama-3.1-70b", "h100")
        .with(ReplicaLayout.builder().tp(8).build())
        .with(NumberFormats.builder().precision("fp8").build())
        .with(EngineOptions.builder().engine("vllm").build()).toDeployment(catalog));
    moe = new IterationTime(InferenceRequest.of("deepseek-v3", "h200")
        .with(ReplicaLayout.builder().tp(8).ep(8).build())
        .with(NumberFormats.builder().precision("fp8").build())
        .with(EngineOptions.builder().engine("vllm").build()).toDeployment(catalog));
  }

  @Benchmark
  public double denseMixedIteration() {
    return dense.seconds(prefillTokens, prefillPairs, decodeSequences, decodeContext);
  }

  @Benchmark
  public double denseDecodeIteration() {
    return dense.seconds(0, 0, decodeSequences, decodeContext);
  }

  @Benchmark
  public double moeMixedIteration() {
    return moe.seconds(prefillTokens, prefillPairs, decodeSequences, decodeContext);
  }

  @Benchmark
  public double moeDecodeIteration() {
    return moe.seconds(0, 0, decodeSequences, decodeContext);
  }
}
