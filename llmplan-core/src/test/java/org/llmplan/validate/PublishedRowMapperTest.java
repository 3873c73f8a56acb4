package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.hardware.Precision;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.Positional;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;

class PublishedRowMapperTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final PublishedRowMapper MAPPER = new PublishedRowMapper(CATALOG);

  @TempDir
  Path dir;

  private static ValidationCase mapped(String id) {
    MappedRow m = MAPPER.map(PublishedRows.row(id));
    assertThat(m).as(id).isInstanceOf(ValidationCase.class);
    return (ValidationCase) m;
  }

  private static TrainingJob job(String id) {
    return mapped(id).job(CATALOG);
  }

  private static void assertLayout(Parallelism p, int tp, int pp, int dp, int cp, int vpp, int microBatch) {
    assertThat(new int[] {p.tp(), p.pp(), p.dp(), p.cp(), p.vpp(), p.microBatch()})
        .containsExactly(tp, pp, dp, cp, vpp, microBatch);
  }

  @Test
  void megatronLm2021RowsAreFp16FullRecomputeWithoutSharding() {
    ValidationCase c = mapped("T006");
    assertThat(c.metric()).isEqualTo(Metric.TFLOPS_PER_GPU);
    assertThat(c.measured()).isEqualTo(140.0);
    assertThat(c.convention()).isEqualTo(FlopConvention.NARAYANAN_2021);
    assertThat(c.rowModel()).isNull();
    assertThat(c.request().hardware().node()).isEqualTo("dgx-a100");
    TrainingJob job = c.job(CATALOG);
    assertThat(job.model().name()).isEqualTo("megatron-2021-76b");
    assertThat(job.gpu().name()).isEqualTo("a100-80gb");
    assertThat(job.gpus()).isEqualTo(1024);
    assertThat(job.framework().name()).isEqualTo("megatron-2021");
    assertThat(job.precision()).isEqualTo(Precision.FP16);
    assertThat(job.seq()).isEqualTo(2048);
    assertThat(job.globalBatch()).isEqualTo(1792);
    assertLayout(job.parallelism(), 8, 4, 32, 1, 3, 2);
    assertThat(job.parallelism().sharding()).isEqualTo(Sharding.NONE);
    assertThat(job.parallelism().recompute()).isEqualTo(Recompute.FULL);
    assertThat(job.parallelism().effectiveSequenceParallel()).isFalse();
    assertThat(job.attention()).as("no FlashAttention in 2021").isEqualTo(AttentionImpl.EAGER);
    assertThat(job.parallelism().label()).isEqualTo("TP8 PP4x3 DP32 mb2 recompute=full sharding=none");
  }

  @Test
  void megatronCoreRowsTakeTheRecipeDefaultsAndSayWhich() {
    ValidationCase c = mapped("T021");
    assertThat(c.metric()).isEqualTo(Metric.TFLOPS_PER_GPU);
    assertThat(c.convention()).isEqualTo(FlopConvention.MEGATRON_2024);
    TrainingJob job = c.job(CATALOG);
    assertThat(job.model().name()).isEqualTo("megatron-core-70b");
    assertThat(job.gpu().name()).isEqualTo("h100-sxm");
    assertThat(job.precision()).isEqualTo(Precision.BF16);
    assertLayout(job.parallelism(), 8, 2, 48, 1, 1, 1);
    assertThat(job.parallelism().sharding()).isEqualTo(Sharding.DISTRIBUTED_OPTIMIZER);
    assertThat(job.parallelism().recompute()).isEqualTo(Recompute.SELECTIVE);
    assertThat(job.parallelism().effectiveSequenceParallel()).isTrue();
    assertThat(c.assumptions()).contains("micro-batch not stated: 1", "sharding not stated: dist-opt",
        "recompute not stated: selective", "GPU memory not stated: H100 SXM 80GB presumed");
    assertThat(job("T017").parallelism().effectiveSequenceParallel()).as("TP 1: no SP").isFalse();
  }

  @Test
  void nemoRowsAreFp8TokenRates() {
    ValidationCase c = mapped("T086");
    assertThat(c.metric()).isEqualTo(Metric.TOKENS_PER_SEC_PER_GPU);
    assertThat(c.measured()).isEqualTo(726.0);
    assertThat(c.convention()).isNull();
    TrainingJob job = c.job(CATALOG);
    assertThat(job.model().name()).isEqualTo("gpt3-175b");
    assertThat(job.precision()).isEqualTo(Precision.FP8);
    assertLayout(job.parallelism(), 4, 8, 4, 1, 6, 1);
    assertThat(job.globalBatch()).isEqualTo(256);

    TrainingJob llama = job("T094");
    assertThat(llama.model().name()).isEqualTo("llama-3-8b");
    assertLayout(llama.parallelism(), 1, 1, 4, 2, 1, 1);
    assertThat(llama.seq()).isEqualTo(8192);
  }

  @Test
  void sftRowsAreModelledAsPretrainingOfTheBaseModel() {
    ValidationCase c = mapped("T097");
    assertThat(c.request().model()).isEqualTo("llama-2-13b");
    assertThat(c.assumptions()).anyMatch(a -> a.startsWith("SFT fine-tuning modelled as pretraining"));
    assertLayout(c.job(CATALOG).parallelism(), 1, 4, 2, 1, 1, 1);
  }

  @Test
  void llmFoundryRowsAreFsdpOnTheBenchmarkBuildOfMpt() {
    ValidationCase c = mapped("T156");
    assertThat(c.metric()).isEqualTo(Metric.TOKENS_PER_SEC_PER_GPU);
    TrainingJob job = c.job(CATALOG);
    assertThat(job.model().name()).isEqualTo("mpt-70b-foundry-seq2048");
    assertThat(job.model().positional()).isEqualTo(Positional.LEARNED);
    assertThat(job.model().positionRows()).isEqualTo(2048);
    assertThat(job.model().linearBias()).isEqualTo(LinearBias.ALL);
    assertThat(job.gpu().name()).isEqualTo("h100-sxm");
    assertThat(job.framework().name()).isEqualTo("llm-foundry");
    assertLayout(job.parallelism(), 1, 1, 512, 1, 1, 8);
    assertThat(job.parallelism().sharding()).isEqualTo(Sharding.FSDP_FULL);
    assertThat(job.attention()).isEqualTo(AttentionImpl.FLASH);
    assertThat(job.parallelism().recompute()).isEqualTo(Recompute.FULL);
    assertThat(job.globalBatch()).isEqualTo(4096);

    TrainingJob grad = job("T168");
    assertThat(grad.parallelism().sharding()).isEqualTo(Sharding.FSDP_GRAD_OP);
    assertThat(grad.parallelism().recompute()).isEqualTo(Recompute.NONE);
  }

  @Test
  void mpt30bBenchmarkRowsUseTheRecipes56Heads() {
    ModelSpec m = job("T176").model();
    assertThat(m.heads()).isEqualTo(56);
    assertThat(m.headDim()).isEqualTo(128);
    assertThat(CATALOG.model("mpt-30b").heads()).as("the released model").isEqualTo(64);
  }

  @Test
  void a100RoceRowsRunOnDgxA100AndSaySo() {
    ValidationCase c = mapped("T233");
    TrainingJob job = c.job(CATALOG);
    assertThat(job.gpu().name()).isEqualTo("a100-80gb");
    assertThat(c.request().hardware().node()).isEqualTo("dgx-a100");
    assertThat(job.gpusPerNode()).isEqualTo(8);
    assertThat(c.assumptions()).anyMatch(a -> a.contains("RoCE") && a.contains("dgx-a100"));
  }

  static Stream<PublishedTrainingRow> mptRows() {
    return PublishedRows.ALL.stream().filter(r -> r.model().startsWith("MPT-"));
  }

  /** The llm-foundry benchmark build reproduces the table's NumParams for every MPT row, exactly. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("mptRows")
  void mptBenchmarkBuildCountsTheRowsParameters(PublishedTrainingRow row) {
    ValidationCase c = (ValidationCase) MAPPER.map(row);
    assertThat(c.rowModel().parameters().total()).isEqualTo(Long.parseLong(row.params()));
    assertThat(c.job(CATALOG).model().parameters().total()).isEqualTo(Long.parseLong(row.params()));
  }

  @Test
  void skipsExactlyTheRowsTheDataRulesOut() {
    Map<String, String> skipped = PublishedRows.ALL.stream().map(MAPPER::map)
        .filter(m -> m instanceof SkippedRow).map(m -> (SkippedRow) m)
        .collect(Collectors.toMap(SkippedRow::id, SkippedRow::reason, (a, b) -> a, LinkedHashMap::new));
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("T026", "TP/PP not stated in the source");
    expected.put("T027", "TP/PP not stated in the source");
    for (String[] unknown : new String[][] {{"T084", "GPT3-5B"}, {"T085", "GPT3-20B"}, {"T091", "Nemotron-8B"},
        {"T092", "Nemotron-22B"}, {"T093", "Nemotron-340B"}}) {
      expected.put(unknown[0], "model '" + unknown[1] + "' is not in the catalog and the row gives no dimensions");
    }
    expected.put("T142", "Megatron FSDP (fully sharded parameters) is not a sharding of the megatron profile yet");
    assertThat(skipped).containsExactlyEntriesOf(expected);
  }

  /** The planner's own rules accept every row that maps (T138's 61 layers and T147's folded EP 32 included). */
  @Test
  void everyMappedRowIsAJobThePlannerAccepts() {
    for (PublishedTrainingRow row : PublishedRows.ALL) {
      if (MAPPER.map(row) instanceof ValidationCase c) {
        assertThatCode(() -> c.job(CATALOG)).as(row.id()).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void anUnknownModelWithDimensionsIsBuiltGptStyle() {
    Map<String, String> v = new LinkedHashMap<>(baseMegatronCoreRow());
    v.put("model", "My GPT 2B");
    v.put("layers", "24");
    v.put("hidden", "2048");
    v.put("heads", "16");
    v.put("vocab", "50304");
    ValidationCase c = (ValidationCase) MAPPER.map(PublishedTrainingData.read(PublishedRows.csv(dir,
        PublishedRows.line(v))).get(0));
    ModelSpec m = c.rowModel();
    assertThat(m.name()).isEqualTo("My GPT 2B");
    assertThat(m.ffn()).isEqualTo(4 * 2048);
    assertThat(m.positional()).isEqualTo(Positional.LEARNED);
    assertThat(m.positionRows()).isEqualTo(4096);
    assertThat(m.dropout()).isTrue();
    TrainingJob job = c.job(CATALOG);
    assertThat(job.model()).isSameAs(m);
    assertLayout(job.parallelism(), 2, 1, 4, 1, 1, 1);
  }

  @Test
  void rowDimensionsThatDisagreeWithTheCatalogWin() {
    Map<String, String> v = new LinkedHashMap<>(baseMegatronCoreRow());
    v.put("model", "LLAMA3-8B");
    v.put("layers", "16");
    ValidationCase c = (ValidationCase) MAPPER.map(PublishedTrainingData.read(PublishedRows.csv(dir,
        PublishedRows.line(v))).get(0));
    assertThat(c.rowModel().name()).isEqualTo("llama-3-8b-as-published");
    assertThat(c.rowModel().layers()).isEqualTo(16);
    assertThat(c.rowModel().kvHeads()).isEqualTo(8);
    assertThat(c.assumptions()).contains("row dimensions differ from llama-3-8b (layers 16 vs 32): the row's are used");
    assertThat(c.job(CATALOG).model().layers()).isEqualTo(16);
  }

  @Test
  void aLayoutThePlannerForbidsStillMapsAndFailsOnlyWhenResolved() {
    Map<String, String> v = new LinkedHashMap<>(baseMegatronCoreRow());
    v.put("model", "LLAMA3-8B");
    v.put("tp", "3");
    v.put("dp", "");
    v.put("num_gpus", "3");
    ValidationCase c = (ValidationCase) MAPPER.map(PublishedTrainingData.read(PublishedRows.csv(dir,
        PublishedRows.line(v))).get(0));
    assertThatThrownBy(() -> c.job(CATALOG))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("not divisible by TP 3");
  }

  @Test
  void impossibleRowNumbersAreSkippedNotThrown() {
    Map<String, String> zeroTp = new LinkedHashMap<>(baseMegatronCoreRow());
    zeroTp.put("model", "LLAMA3-8B");
    zeroTp.put("tp", "0");
    zeroTp.put("dp", "");
    Map<String, String> oddHeads = new LinkedHashMap<>(baseMegatronCoreRow());
    oddHeads.put("id", "X2");
    oddHeads.put("model", "Odd");
    oddHeads.put("layers", "2");
    oddHeads.put("hidden", "100");
    oddHeads.put("heads", "3");
    oddHeads.put("vocab", "1000");
    var rows = PublishedTrainingData.read(PublishedRows.csv(dir, PublishedRows.line(zeroTp),
        PublishedRows.line(oddHeads)));
    assertThat(rows).extracting(MAPPER::map).allMatch(m -> m instanceof SkippedRow)
        .extracting(m -> ((SkippedRow) m).reason())
        .containsExactly("TP, PP and CP must be positive, got 0, 1, 1",
            "model Odd: hidden 100 is not a multiple of heads 3; set headDim");
  }

  @Test
  void requestsCarryEveryLayoutNumber() {
    TrainingRequest r = mapped("T089").request();
    LayoutChoice l = r.layout();
    assertThat(new Integer[] {l.tp(), l.pp(), l.dp(), l.cp(), l.ep(), l.vpp(), l.microBatch(), r.batch().globalBatch(),
        r.batch().seq()}).containsExactly(1, 4, 4, 1, 1, 10, 1, 128, 4096);
  }

  /** A Megatron-Core-like row on 8 H100: TP2 DP4, seq 4096, global batch 16, tokens/s per GPU. */
  private static Map<String, String> baseMegatronCoreRow() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("id", "X1");
    v.put("seq_len", "4096");
    v.put("global_batch_seqs", "16");
    v.put("gpu_type", "H100 SXM");
    v.put("gpu_mem_gb", "80");
    v.put("num_gpus", "8");
    v.put("tp", "2");
    v.put("pp", "1");
    v.put("dp", "4");
    v.put("framework", "Megatron-Core");
    v.put("tokens_per_sec_per_gpu", "1000");
    return v;
  }
}
