package org.llmplan.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.search.LayoutEvaluator;
import org.llmplan.search.SearchControl;
import org.llmplan.search.SearchGoal;
import org.llmplan.search.SearchHardware;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.search.TrainingSearch;
import org.llmplan.search.TrainingSearchRequest;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Speed of the layout search on one core. An evaluation is what the search does for one layout: the job's
 * legality checks, the closed-form peak memory and, when it fits, the step time. {@code evaluateMix} cycles
 * through 4096 different legal layouts of GPT-3 175B on 1024 A100-80GB (fitting and not, as the search meets
 * them); {@code evaluateFitting} repeats one that fits (the Megatron paper's TP8 PP8 DP16). {@code searchGpt3}
 * runs the whole search end to end on both cores (milliseconds per search).
 * Run: java -jar llmplan-bench/target/benchmarks.jar SearchBenchmark
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class SearchBenchmark {
  private LayoutEvaluator evaluator;
  private Parallelism fitting;
  private Parallelism[] mix;
  private int next;
  private SearchSpec gpt3;

  @Setup
  public void setUp() {
    Catalog catalog = Catalog.embedded();
    gpt3 = new TrainingSearchRequest("gpt3-175b", SearchHardware.builder().gpu(List.of("a100-80gb")).gpus(1024)
        .build(), BatchShape.builder().globalBatch(1536).seq(2048).build(), PrecisionRecipe.UNSET,
        FrameworkOptions.builder().framework("megatron").build(), SearchGoal.builder().tokens("300B").top(10).build())
        .resolve(catalog);
    TrainingJob base = gpt3.options().get(0).base();
    evaluator = new LayoutEvaluator(base);
    fitting = new Parallelism(8, 8, 16, 1, 1, 1, 1, true, Sharding.DISTRIBUTED_OPTIMIZER, 0, Recompute.SELECTIVE,
        OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    List<Parallelism> layouts = new ArrayList<>();
    for (int tp : new int[] {1, 2, 4, 8}) {
      for (int pp : new int[] {1, 2, 4, 8, 16, 32}) {
        for (int cp : new int[] {1, 2, 4}) {
          int dp = 1024 / (tp * pp * cp);
          for (int mb = 1; mb <= 16; mb++) {
            for (Recompute r : Recompute.values()) {
              for (Sharding s : List.of(Sharding.NONE, Sharding.DISTRIBUTED_OPTIMIZER)) {
                for (int vpp : new int[] {1, 2, 3}) {
                  Parallelism p = new Parallelism(tp, pp, dp, cp, 1, vpp, mb, tp > 1, s, 0, r, OffloadTarget.NONE,
                      OffloadTarget.NONE, 0, 0);
                  try {
                    base.with(p, base.globalBatch());
                    layouts.add(p);
                  } catch (PlanInputException illegal) {
                    // only legal layouts, as the search enumerates them
                  }
                }
              }
            }
          }
        }
      }
    }
    java.util.Collections.shuffle(layouts, new java.util.Random(42));
    mix = layouts.subList(0, 4096).toArray(Parallelism[]::new);
  }

  @Benchmark
  public double evaluateMix() {
    next = (next + 1) & (mix.length - 1);
    return evaluator.evaluate(mix[next]);
  }

  @Benchmark
  public double evaluateFitting() {
    return evaluator.evaluate(fitting);
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 2, time = 5)
  @Measurement(iterations = 3, time = 5)
  public SearchResult searchGpt3() {
    return new TrainingSearch().run(gpt3, SearchControl.unlimited());
  }
}
