package org.llmplan.train;

import org.llmplan.request.TrainingRequest;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.FrameworkProfile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.llmplan.error.PlanInputException;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;

/** The closed-form peak memory equals the explained estimate's total on random legal jobs. */
class PeakMemoryTest {
  private final TrainingMemoryEstimator estimator = new TrainingMemoryEstimator();

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.of("gpt3-175b", "gpt3-1.3b", "llama-3.1-70b", "mixtral-8x7b", "deepseek-v3", "qwen3-30b-a3b",
        "llama-4-scout", "bloom-176b");
  }

  @Provide
  Arbitrary<String> frameworks() {
    return Arbitraries.of("megatron", "deepspeed", "fsdp", "hf", "llm-foundry", "megatron-2021");
  }

  @Provide
  Arbitrary<String> precisions() {
    return Arbitraries.of("bf16", "bf16", "fp8", "fp16", "fp32");
  }

  @Provide
  Arbitrary<Integer> stageLayers() {
    return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)),
        Tuple.of(1, Arbitraries.integers().between(1, 12)));
  }

  @Property(tries = 1500, maxDiscardRatio = 30)
  void closedFormEqualsTheExplainedTotal(@ForAll("models") String model, @ForAll("frameworks") String framework,
      @ForAll @IntRange(max = 3) int tpLog, @ForAll @IntRange(max = 4) int ppLog, @ForAll @IntRange(max = 3) int dpLog,
      @ForAll @IntRange(max = 2) int cpLog, @ForAll @IntRange(max = 3) int epLog,
      @ForAll @IntRange(min = 1, max = 3) int vpp,
      @ForAll @IntRange(min = 1, max = 4) int microBatch, @ForAll @IntRange(min = 1, max = 3) int accumulation,
      @ForAll boolean sequenceParallel, @ForAll Recompute recompute, @ForAll @IntRange(max = 7) int sharding,
      @ForAll OffloadTarget offloadOptimizer, @ForAll OffloadTarget offloadParams,
      @ForAll("precisions") String precision, @ForAll Optimizer optimizer, @ForAll("stageLayers") int first,
      @ForAll("stageLayers") int last) {
    // Steer the random values towards legal jobs: the framework's options, EP only for MoE models.
    FrameworkProfile f = Jobs.CATALOG.framework(framework);
    boolean moe = Jobs.CATALOG.model(model).isMoe();
    int tp = f.maxTensorParallel() == 1 ? 1 : 1 << tpLog;
    int pp = f.maxPipelineParallel() == 1 ? 1 : 1 << ppLog;
    int dp = 1 << dpLog;
    int cp = 1 << cpLog;
    Sharding s = f.shardings().get(sharding % f.shardings().size());
    OffloadTarget optimizerTarget = f.offload().contains("optimizer") ? offloadOptimizer : OffloadTarget.NONE;
    OffloadTarget paramsTarget = f.offload().contains("parameters") && s.shardsParameters() ? offloadParams
        : OffloadTarget.NONE;
    TrainingRequest request = TrainingRequest.of(model)
        .with(HardwareChoice.builder().gpu("h100-sxm").gpus(tp * pp * dp * cp).gpusPerNode(8).build())
        .with(LayoutChoice.builder().tp(tp).pp(pp).dp(dp).cp(cp).ep(moe ? 1 << epLog : 1).vpp(vpp)
            .microBatch(microBatch).sharding(s.label()).recompute(recompute.label())
            .sequenceParallel(sequenceParallel).offloadOptimizer(optimizerTarget.label())
            .offloadParams(paramsTarget.label()).firstStageLayers(first == 0 ? null : first)
            .lastStageLayers(last == 0 ? null : last).build())
        .with(BatchShape.builder().globalBatch(microBatch * dp * pp * accumulation)
            .seq(model.startsWith("gpt3") ? 2048 : 4096).build())
        .with(PrecisionRecipe.builder().precision(precision).optimizer(optimizer.label()).build())
        .with(FrameworkOptions.builder().framework(framework).build());
    TrainingJob job;
    try {
      job = request.toJob(Jobs.CATALOG);
    } catch (PlanInputException illegal) {
      Assume.that(false);
      return;
    }
    MemoryEstimate explained = estimator.worstStage(job);
    assertThat(estimator.peakBytes(job)).isCloseTo(explained.totalBytes(), withinPercentage(1e-10));
    assertThat(estimator.peakHostBytesPerNode(job)).isCloseTo(explained.hostBytesPerNode(), withinPercentage(1e-10));
  }

  @Test
  void gpt3OnSeleneMatchesTheExplainedFirstStage() {
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb", Jobs.layout(8, 8, 16, 1, true, Recompute.SELECTIVE,
        Sharding.DISTRIBUTED_OPTIMIZER), 2048, 1536, "megatron", AttentionImpl.FLASH);
    assertThat(estimator.peakBytes(job)).isCloseTo(estimator.worstStage(job).totalBytes(), withinPercentage(1e-10))
        .isGreaterThan(10 * 1024.0 * 1024 * 1024);
  }

  @Test
  void refusesAJobOfAnotherModel() {
    PeakMemory peak = new PeakMemory(Jobs.CATALOG.model("gpt3-1.3b"));
    TrainingJob job = Jobs.job("gpt3-175b", "a100-80gb", Jobs.layout(8, 8, 16, 1, true, Recompute.FULL,
        Sharding.NONE), 2048, 1536, "megatron", AttentionImpl.FLASH);
    assertThatThrownBy(() -> peak.gpuBytes(job)).isInstanceOf(IllegalArgumentException.class);
  }
}
