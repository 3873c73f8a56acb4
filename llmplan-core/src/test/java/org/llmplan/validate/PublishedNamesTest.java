package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Precision;
import org.llmplan.train.QuantizationRecipe;
import org.llmplan.train.TrainingJob;

/**
 * GPU, model, framework and precision names as the published rows write them, resolved through the catalog's
 * own lookup; and the validation family each row is reported under.
 */
class PublishedNamesTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final PublishedRowMapper MAPPER = new PublishedRowMapper(CATALOG);

  @TempDir
  Path dir;

  /** A Megatron-Bridge Llama 3 8B row (as T134) with the given GPU and precision text. */
  private PublishedTrainingRow bridgeRow(String gpu, String precision) {
    java.util.Map<String, String> v = new java.util.HashMap<>(java.util.Map.of("id", "X1", "model", "Llama 3 8B",
        "seq_len", "8192", "global_batch_seqs", "128", "micro_batch", "2", "gpu_type", gpu, "num_gpus", "8",
        "precision", precision, "framework", "Megatron-Bridge / Megatron-Core (NeMo container 25.11)",
        "tokens_per_sec_per_gpu", "30624"));
    v.putAll(java.util.Map.of("tp", "1", "pp", "1", "cp", "1", "gpu_mem_gb", "180"));
    return PublishedTrainingData.read(PublishedRows.csv(dir, PublishedRows.line(v))).get(0);
  }

  private static ValidationCase mapped(String id) {
    MappedRow m = MAPPER.map(PublishedRows.row(id));
    assertThat(m).as(id).isInstanceOf(ValidationCase.class);
    return (ValidationCase) m;
  }

  /** Megatron-Bridge rows: GPU, node, model and recipe, each as written in the source. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "T134, b200,     dgx-b200, llama-3-8b,      fp8-current",
      "T135, b200,     dgx-b200, llama-3-8b,      mxfp8",
      "T139, b200,     dgx-b200, gpt-oss-120b,    bf16",
      "T140, b200,     dgx-b200, qwen3-30b-a3b,   mxfp8",
      "T141, b200,     dgx-b200, qwen3-235b-a22b, mxfp8",
      "T138, b200,     dgx-b200, deepseek-v3,     mxfp8",
      "T145, h100-sxm, dgx-h100, gpt-oss-120b,    bf16",
      "T146, h100-sxm, dgx-h100, qwen3-30b-a3b,   fp8-current",
  })
  void megatronBridgeRowsResolveAsWritten(String id, String gpu, String node, String model, String precision) {
    ValidationCase c = mapped(id);
    assertThat(c.request().hardware().gpu()).isEqualTo(gpu);
    assertThat(c.request().hardware().node()).isEqualTo(node);
    assertThat(c.request().model()).isEqualTo(model);
    assertThat(c.request().recipe().precision()).isEqualTo(precision);
  }

  @Test
  void theFp8RowsRunTheirOwnRecipeNeverAnother() {
    TrainingJob current = mapped("T134").job(CATALOG);
    TrainingJob mx = mapped("T135").job(CATALOG);
    assertThat(current.recipe()).isEqualTo(QuantizationRecipe.FP8_CURRENT);
    assertThat(mx.recipe()).isEqualTo(QuantizationRecipe.MXFP8);
    assertThat(current.precision()).isEqualTo(Precision.FP8);
    // NeMo 24.07 rows say only "FP8": Transformer Engine's default, tensorwise delayed scaling
    assertThat(mapped("T086").job(CATALOG).recipe()).isEqualTo(QuantizationRecipe.FP8_DELAYED);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "NVFP4 | nvfp4", "FP4 (NVFP4 recipe) | nvfp4", "MXFP8 | mxfp8", "FP8-MX | mxfp8", "FP8-CS | fp8-current",
      "FP8 current scaling | fp8-current", "FP8 blockwise (DeepSeek) | fp8-blockwise", "FP8 (Transformer Engine) | fp8",
      "amp_bf16 | bf16", "FP16 mixed precision (--fp16) | fp16",
  })
  void precisionsAreReadAsTheRecipeTheyName(String text, String expected) {
    assertThat(RowPrecision.of(text, new java.util.ArrayList<>())).isEqualTo(expected);
  }

  @Test
  void aPrecisionThePlannerDoesNotModelIsSkippedNotReplaced() {
    PublishedTrainingRow row = bridgeRow("B200 (DGX B200)", "FP6");
    assertThat(MAPPER.map(row)).isInstanceOfSatisfying(SkippedRow.class,
        s -> assertThat(s.reason()).isEqualTo("precision 'FP6' is not a format the planner models"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Megatron-LM (2021) | Megatron 2021",
      "Megatron-LM (2022, Korthikanti et al.) | Megatron 2022",
      "Megatron-Core r0.8.0 | Megatron-Core",
      "NeMo 24.07 (Megatron-Core) | NeMo",
      "Megatron-Bridge / Megatron-Core (NeMo container 25.11) | Megatron-Bridge",
      "Megatron-DeepSpeed (BLOOM) | Megatron-DeepSpeed",
      "torchtitan (FSDP2 + TP) | torchtitan",
      "Hugging Face transformers 4.44.2 | HF transformers",
      "MosaicML Composer/llm-foundry (PyTorch FSDP, FlashAttention) | llm-foundry",
  })
  void frameworksAreReadByTheMostSpecificName(String text, String family) {
    assertThat(SourceFramework.of(text)).map(f -> f.family).hasValue(family);
  }

  @Test
  void rowsAreReportedPerFamilyDenseOrMoe() {
    assertThat(mapped("T134").family()).isEqualTo("Megatron-Bridge dense");
    assertThat(mapped("T146").family()).isEqualTo("Megatron-Bridge MoE");
    assertThat(mapped("T001").family()).isEqualTo("Megatron 2021 dense");
    assertThat(mapped("T086").family()).isEqualTo("NeMo dense");
  }

  @Test
  void aGpuWithPackagingWordsAndARemarkResolvesThroughTheCatalog() {
    PublishedTrainingRow row = bridgeRow("B200 SXM 180GB HBM3e (DGX B200)", "FP8-CS");
    ValidationCase c = (ValidationCase) MAPPER.map(row);
    assertThat(c.request().hardware().gpu()).isEqualTo("b200");
    assertThat(c.request().hardware().node()).isEqualTo("dgx-b200");
  }
}
