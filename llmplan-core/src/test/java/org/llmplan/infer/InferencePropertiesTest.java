package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.llmplan.error.PlanInputException;

/** Invariants of the serving model over random deployments. */
class InferencePropertiesTest {
  private static final List<String> MODELS = List.of("llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b",
      "deepseek-v3", "qwen2.5-72b", "llama-2-7b", "gemma-2-27b");
  private static final List<String> ENGINES = List.of("vllm", "tensorrt-llm", "sglang", "hf");
  private final InferenceMemoryEstimator estimator = new InferenceMemoryEstimator();

  record Case(String model, String gpu, int tp, String engine) {
    InferenceDeployment deployment(String weights, String kv) {
      return Deployments.of(model, gpu, tp, weights, kv, engine);
    }
  }

  @Provide
  Arbitrary<Case> cases() {
    return Combinators.combine(Arbitraries.of(MODELS), Arbitraries.of("h100", "h200", "a100-80gb", "mi300x", "l40s"),
        Arbitraries.of(1, 2, 4, 8), Arbitraries.of(ENGINES)).as(Case::new);
  }

  private static InferenceDeployment orSkip(Case c, String weights, String kv) {
    try {
      return c.deployment(weights, kv);
    } catch (PlanInputException e) {
      Assume.that(false);
      return null;
    }
  }

  @Property(tries = 150)
  void kvCapacityFallsAsTheKvCacheWidens(@ForAll("cases") Case c) {
    RequestLengths lengths = new RequestLengths(1000, 200);
    long fp8 = estimator.bindingStage(orSkip(c, "bf16", "fp8"), lengths).kvTokens();
    long bf16 = estimator.bindingStage(orSkip(c, "bf16", "bf16"), lengths).kvTokens();
    assertThat(bf16).isLessThanOrEqualTo(fp8);
  }

  @Property(tries = 150)
  void kvCapacityFallsAsTheWeightsWiden(@ForAll("cases") Case c) {
    RequestLengths lengths = new RequestLengths(1000, 200);
    long int4 = estimator.bindingStage(orSkip(c, "int4", "bf16"), lengths).kvTokens();
    long fp8 = estimator.bindingStage(orSkip(c, "fp8", "bf16"), lengths).kvTokens();
    long bf16 = estimator.bindingStage(orSkip(c, "bf16", "bf16"), lengths).kvTokens();
    assertThat(fp8).isLessThanOrEqualTo(int4);
    assertThat(bf16).isLessThanOrEqualTo(fp8);
  }

  @Property(tries = 150)
  void moreTensorParallelismNeverRaisesWeightBytesPerGpu(@ForAll("cases") Case c) {
    InferenceDeployment d = orSkip(c, "bf16", null);
    InferenceDeployment wider;
    try {
      wider = d.with(2 * d.tp(), 1, d.weights(), d.kvPrecision(), d.gpuMemoryUtilization());
    } catch (PlanInputException e) {
      Assume.that(false);
      return;
    }
    assertThat(StageWeights.of(wider, 0).totalBytes(wider)).isLessThanOrEqualTo(StageWeights.of(d, 0).totalBytes(d));
  }

  @Property(tries = 200)
  void iterationTimeIsPositiveAndGrowsWithBatchAndContext(@ForAll("cases") Case c,
      @ForAll @IntRange(min = 1, max = 2000) int batch, @ForAll @IntRange(min = 1, max = 100_000) int context,
      @ForAll @IntRange(min = 0, max = 8192) int prefill) {
    IterationTime t = new IterationTime(orSkip(c, "fp8", "fp8"));
    long pairs = (long) prefill * (prefill + 1) / 2;
    double base = t.seconds(prefill, pairs, batch, (long) batch * context);
    assertThat(base).isPositive().isFinite();
    assertThat(t.seconds(prefill, pairs, batch + 1, (long) (batch + 1) * context)).isGreaterThanOrEqualTo(base);
    assertThat(t.seconds(prefill, pairs, batch, (long) batch * (context + 1000))).isGreaterThanOrEqualTo(base);
    assertThat(t.seconds(prefill + 64, pairs + 64L * prefill + 64 * 65 / 2, batch, (long) batch * context))
        .isGreaterThanOrEqualTo(base);
    assertThat(t.stageSeconds(prefill, pairs, batch, (long) batch * context)).isLessThanOrEqualTo(base);
  }

  @Property(tries = 100)
  void offlineThroughputIsBoundedByItsConcurrencyAndTheIteration(@ForAll("cases") Case c,
      @ForAll @IntRange(min = 1, max = 8000) int input, @ForAll @IntRange(min = 1, max = 4000) int output) {
    InferenceDeployment d = orSkip(c, "fp8", "fp8");
    RequestLengths lengths = new RequestLengths(input, output);
    try {
      lengths.checkAgainst(d);
    } catch (PlanInputException e) {
      Assume.that(false);
    }
    InferenceMemory m = estimator.estimate(d, lengths);
    Assume.that(m.fits());
    OfflineThroughput o = OfflineThroughput.estimate(new IterationTime(d), m, lengths);
    assertThat(o.concurrency()).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(d.sequenceCap());
    assertThat(o.outputTokensPerSecond()).isPositive().isFinite();
    assertThat(o.totalTokensPerSecond()).isGreaterThanOrEqualTo(o.outputTokensPerSecond());
    assertThat(o.e2eSeconds()).isGreaterThanOrEqualTo(o.ttftSeconds());
  }
}
