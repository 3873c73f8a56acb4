package org.llmplan.emit.framework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.PlanInputException;
import org.llmplan.request.BatchShape;
import org.llmplan.request.FrameworkOptions;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.PrecisionRecipe;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;

class MegatronArgumentsTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static TrainingJob job(String model, int gpus, int tp, int pp, int vpp, int ep, int cp, int mb, int gb,
      String recompute, boolean sp, String sharding, String precision) {
    return job(model, gpus, LayoutChoice.builder().tp(tp).pp(pp).cp(cp).ep(ep).vpp(vpp).microBatch(mb)
        .sharding(sharding).recompute(recompute).sequenceParallel(sp), gb, precision);
  }

  private static TrainingJob job(String model, int gpus, LayoutChoice.Builder layout, int gb, String precision) {
    return TrainingRequest.of(model)
        .with(HardwareChoice.builder().gpu("h100").gpus(gpus).build())
        .with(layout.build())
        .with(BatchShape.builder().globalBatch(gb).seq(4096).build())
        .with(PrecisionRecipe.builder().precision(precision).build())
        .with(FrameworkOptions.builder().framework("megatron").build()).toJob(CATALOG);
  }

  @Test
  void theReferenceLayoutGivesMegatronsOwnFlags() {
    TrainingJob job = job("llama-3.1-70b", 64, 8, 2, 1, 1, 1, 1, 128, "selective", true, "dist-opt", "bf16");
    MegatronRules args = new MegatronRules(MegatronArguments.of(job));
    assertThat(args.problems(64)).isEmpty();
    assertThat(args.get("--tensor-model-parallel-size")).isEqualTo("8");
    assertThat(args.get("--num-query-groups")).isEqualTo("8");
    assertThat(args.get("--ffn-hidden-size")).isEqualTo("28672");
    assertThat(args.get("--recompute-granularity")).isEqualTo("selective");
    assertThat(args.get("--overlap-param-gather")).isEqualTo("true");
    assertThat(args.get("--global-batch-size")).isEqualTo("128");
  }

  /** Llama 3.1's config: rope_theta 500000, llama3 rope scaling factor 8, rms_norm_eps 1e-5 (models.yaml). */
  @Test
  void theModelsRotaryBaseScalingAndNormEpsilonArePassed() {
    MegatronRules args = new MegatronRules(MegatronArguments.of(job("llama-3.1-70b", 64, 8, 2, 1, 1, 1, 1, 128,
        "selective", true, "dist-opt", "bf16")));
    assertThat(args.get("--rotary-base")).isEqualTo("500000");
    assertThat(args.get("--use-rope-scaling")).isEqualTo("true");
    assertThat(args.get("--rope-scaling-factor")).isEqualTo("8");
    assertThat(args.get("--norm-epsilon")).isEqualTo("0.00001");
    // Llama 3.2's factor is 32; Llama 3 (8k context) has no scaling.
    assertThat(new MegatronRules(MegatronArguments.of(job("llama-3.2-1b", 8, 1, 1, 1, 1, 1, 1, 8, "none", false,
        "none", "bf16"))).get("--rope-scaling-factor")).isEqualTo("32");
    assertThat(new MegatronRules(MegatronArguments.of(job("llama-3-8b", 8, 1, 1, 1, 1, 1, 1, 8, "none", false,
        "none", "bf16"))).get("--use-rope-scaling")).isNull();
    // A model whose catalog entry states no rope_theta reads a setting, never Megatron's default silently.
    MegatronRules unstated = new MegatronRules(MegatronArguments.of(job("mixtral-8x7b", 32, 2, 2, 1, 4, 1, 1, 64,
        "full", true, "dist-opt", "bf16")));
    assertThat(unstated.get("--rotary-base")).isEqualTo("${ROTARY_BASE}");
    assertThat(unstated.get("--norm-epsilon")).isEqualTo("${NORM_EPSILON}");
  }

  @Test
  void virtualStagesAreGivenAsLayersPerStage() {
    // gpt3-175b: 96 layers over PP 16 with 3 virtual stages: 6 layers per rank, 2 per virtual stage.
    TrainingJob job = TrainingRequest.of("gpt3-175b")
        .with(HardwareChoice.builder().gpu("a100-80gb").gpus(1024).build())
        .with(LayoutChoice.builder().tp(8).pp(16).cp(1).ep(1).vpp(3).microBatch(1).sharding("dist-opt")
            .recompute("full").sequenceParallel(true).build())
        .with(BatchShape.builder().globalBatch(1536).seq(2048).build()).toJob(CATALOG);
    MegatronRules args = new MegatronRules(MegatronArguments.of(job));
    assertThat(args.get("--num-layers-per-virtual-pipeline-stage")).isEqualTo("2");
    assertThat(args.get("--position-embedding-type")).isEqualTo("learned_absolute");
    assertThat(args.get("--normalization")).isEqualTo("LayerNorm");
    assertThat(args.get("--disable-bias-linear")).isNull();
    assertThat(args.get("--recompute-method")).isEqualTo("uniform");
    assertThat(args.problems(1024)).isEmpty();
  }

  /**
   * llama-3.1-70b, 80 layers over PP 4 with 2 virtual stages and 18 layers on the first and last ranks: the
   * middle two ranks hold (80 - 36) / 2 = 22 each, 11 per virtual stage. Megatron takes the virtual stages as a
   * count here: layers per virtual stage beside an uneven split is an AssertionError (megatron-lm.json
   * uneven_needs_vstages_flag, verified case uneven_first_last_with_layers_per_vstage), the count is accepted
   * (uneven_first_last_with_vstages_ok).
   */
  @Test
  void anUnevenSplitWithVirtualStagesGivesTheStageCount() {
    TrainingJob job = job("llama-3.1-70b", 64, LayoutChoice.builder().tp(8).pp(4).vpp(2).firstStageLayers(18)
        .lastStageLayers(18).sharding("dist-opt").recompute("full"), 64, "bf16");
    List<String> flags = MegatronArguments.of(job);
    MegatronRules args = new MegatronRules(flags);
    assertThat(args.get("--num-virtual-stages-per-pipeline-rank")).isEqualTo("2");
    assertThat(args.get("--num-layers-per-virtual-pipeline-stage")).isNull();
    assertThat(args.get("--decoder-first-pipeline-num-layers")).isEqualTo("18");
    assertThat(args.get("--decoder-last-pipeline-num-layers")).isEqualTo("18");
    assertThat(args.problems(64)).isEmpty();
    assertThat(org.llmplan.emit.upstream.MegatronManifest.problems(flags)).isEmpty();
    // The same split given as layers per virtual stage is what Megatron refuses, and the rules say so.
    List<String> perStage = new java.util.ArrayList<>(flags);
    int at = perStage.indexOf("--num-virtual-stages-per-pipeline-rank");
    perStage.set(at, "--num-layers-per-virtual-pipeline-stage");
    perStage.set(at + 1, "11");
    assertThat(new MegatronRules(perStage).problems(64)).contains("uneven_needs_vstages_flag");
  }

  /**
   * llama-3.1-70b with the embedding counted: 80 + 1 = 81 slots over PP 3 = 27 per rank, 9 per virtual stage
   * with 3 (the first holds the embedding and 8 layers). L / (p v) = 80 / 9 is no whole number, so the stage
   * count is passed, with --account-for-embedding-in-pipeline-split (megatron-lm.json account_split_div).
   */
  @Test
  void theEmbeddingCountedInTheSplitIsPassed() {
    TrainingJob job = job("llama-3.1-70b", 48, LayoutChoice.builder().tp(8).pp(3).vpp(3).embeddingInSplit(true)
        .sharding("dist-opt").recompute("full"), 48, "bf16");
    List<String> flags = MegatronArguments.of(job);
    MegatronRules args = new MegatronRules(flags);
    assertThat(args.get("--account-for-embedding-in-pipeline-split")).isEqualTo("true");
    assertThat(args.get("--account-for-loss-in-pipeline-split")).isNull();
    assertThat(args.get("--num-virtual-stages-per-pipeline-rank")).isEqualTo("3");
    assertThat(args.problems(48)).isEmpty();
    assertThat(org.llmplan.emit.upstream.MegatronManifest.problems(flags)).isEmpty();
    // Without the flag Megatron would split 80 layers over PP 3, which it refuses (layers_div_pp).
    List<String> uncounted = new java.util.ArrayList<>(flags);
    uncounted.remove("--account-for-embedding-in-pipeline-split");
    assertThat(new MegatronRules(uncounted).problems(48)).anyMatch(p -> p.startsWith("layers_div_pp"));
  }

  @Test
  void moeLayerPatternFollowsTheModel() {
    // DeepSeek-V3: 3 dense layers then 58 MoE layers.
    assertThat(MegatronArguments.layerPattern(CATALOG.model("deepseek-v3"))).isEqualTo("([0]*3+[1]*58)");
    TrainingJob job = job("mixtral-8x7b", 32, 2, 2, 2, 4, 1, 1, 64, "full", true, "dist-opt", "bf16");
    MegatronRules args = new MegatronRules(MegatronArguments.of(job));
    assertThat(args.get("--num-experts")).isEqualTo("8");
    assertThat(args.get("--moe-router-topk")).isEqualTo("2");
    assertThat(args.get("--expert-model-parallel-size")).isEqualTo("4");
    assertThat(args.get("--moe-layer-freq")).isNull(); // every layer is MoE: Megatron's default
    assertThat(args.problems(32)).isEmpty();
  }

  @Test
  void sequenceParallelIsDroppedWhereMegatronWouldRefuseIt() {
    TrainingJob job = job("llama-3.1-8b", 8, 1, 1, 1, 1, 1, 1, 8, "none", true, "none", "fp8");
    MegatronRules args = new MegatronRules(MegatronArguments.of(job));
    assertThat(args.get("--sequence-parallel")).isNull();
    assertThat(args.get("--fp8-format")).isEqualTo("hybrid");
    assertThat(args.get("--overlap-param-gather")).isNull();
    assertThat(args.problems(8)).isEmpty();
  }

  @Test
  void whatMegatronCannotRunIsRefused() {
    TrainingJob adafactor = TrainingRequest.of("llama-3.1-8b")
        .with(HardwareChoice.builder().gpu("h100").gpus(8).build())
        .with(PrecisionRecipe.builder().optimizer("adafactor").build()).toJob(CATALOG);
    assertThatThrownBy(() -> MegatronArguments.of(adafactor)).isInstanceOf(InvalidLayoutException.class)
        .hasMessageContaining("adam and sgd");
  }

  /**
   * Every layout the engine accepts for Megatron gives arguments that Megatron's own checks accept (and enough
   * layouts are accepted for that to mean something).
   */
  @Property(tries = 500)
  @net.jqwik.api.statistics.StatisticsReport(format = net.jqwik.api.statistics.Histogram.class)
  void everyAcceptedLayoutPassesMegatronsChecks(@ForAll("models") String model,
      @ForAll @IntRange(min = 0, max = 3) int tpLog, @ForAll @IntRange(min = 0, max = 3) int ppLog,
      @ForAll @IntRange(min = 1, max = 3) int vpp, @ForAll @IntRange(min = 0, max = 2) int cpLog,
      @ForAll @IntRange(min = 0, max = 3) int epLog, @ForAll @IntRange(min = 1, max = 4) int dp,
      @ForAll @IntRange(min = 1, max = 2) int mb, @ForAll @IntRange(min = 1, max = 8) int accumulation,
      @ForAll("recompute") String recompute, @ForAll boolean sp, @ForAll boolean distOpt,
      @ForAll @IntRange(min = 0, max = 5) int splitDraw) {
    int tp = 1 << tpLog;
    int pp = 1 << ppLog;
    int cp = 1 << cpLog;
    int gpus = tp * pp * cp * dp;
    net.jqwik.api.statistics.Statistics.coverage(c -> c.check("emitted").percentage(p -> p >= 10));
    net.jqwik.api.statistics.Statistics.label("split of what was emitted").coverage(c -> {
      c.check("uneven").count(n -> n >= 1);
      c.check("counted").count(n -> n >= 1);
    });
    TrainingJob job;
    try {
      int layers = CATALOG.model(model).layers();
      // 0: even (half the draws); 1: uneven, each end one virtual stage's worth lighter than L / PP; 2: the
      // embedding counted; 3: the embedding and the loss counted.
      int split = Math.max(0, splitDraw - 2);
      LayoutChoice.Builder layout = LayoutChoice.builder().tp(tp).pp(pp).cp(cp).ep(1 << epLog).vpp(vpp).microBatch(mb)
          .sharding(distOpt ? "dist-opt" : "none").recompute(recompute).sequenceParallel(sp)
          .embeddingInSplit(split >= 2).lossInSplit(split == 3);
      if (split == 1) {
        layout.firstStageLayers(layers / pp - vpp).lastStageLayers(layers / pp - vpp);
      }
      job = job(model, gpus, layout, mb * dp * accumulation * pp, "bf16");
    } catch (PlanInputException rejected) {
      net.jqwik.api.statistics.Statistics.collect("refused by the engine");
      return; // nothing to emit
    }
    net.jqwik.api.statistics.Statistics.collect("emitted");
    net.jqwik.api.statistics.Statistics.label("split of what was emitted").collect(job.parallelism().unevenSplit()
        ? "uneven" : job.parallelism().embeddingInSplit() ? "counted" : "even");
    List<String> flags = MegatronArguments.of(job);
    assertThat(new MegatronRules(flags).problems(gpus)).as(job.parallelism().label()).isEmpty();
    assertThat(org.llmplan.emit.upstream.MegatronManifest.problems(flags)).as(job.parallelism().label()).isEmpty();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> models() {
    return net.jqwik.api.Arbitraries.of(List.of("llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "qwen3-30b-a3b",
        "gpt3-13b", "qwen3-8b"));
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<String> recompute() {
    return net.jqwik.api.Arbitraries.of("none", "selective", "full");
  }
}
