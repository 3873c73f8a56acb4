package org.llmplan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.error.MalformedInputException;
import org.llmplan.model.AttentionKind;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.ParameterCounts;
import org.llmplan.model.Positional;

/**
 * Hugging Face config.json fixtures (copies of the real files, under src/test/resources/hf) must give the
 * checkpoints' exact parameter totals. Exact totals come from the model cards or safetensors metadata quoted in
 * shared/reference/models.csv, or, where no official figure exists, from the config fields counted by hand.
 */
class HuggingFaceConfigTest {

  static Path fixture(String name) {
    try {
      return Path.of(HuggingFaceConfigTest.class.getResource("/hf/" + name + "/config.json").toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture hf/" + name, e);
    }
  }

  static ModelSpec read(String name) {
    return HuggingFaceConfig.read(fixture(name));
  }

  @ParameterizedTest(name = "{0} has {1} parameters")
  @CsvSource({
      // model cards / reference totals
      "llama-3.2-1b,       1235814400",
      "llama-3.2-3b,       3212749824",
      "llama-3.1-8b,       8030261248",
      "qwen2.5-0.5b,       494032768",
      "gpt2,               124439808",
      "opt-125m,           125239296",
      "bloom,              176247271424",
      "mixtral-8x7b,       46702792704",
      "deepseek-v3,        671026419200",
      // config-implied totals (no exact official figure): counted by hand from the config fields
      "gpt-neox-20b,       20554567680",
      "falcon-7b,          6921720704",
      "falcon-7b-rw,       6921720704",
      "falcon-40b,         41303293952",
      "falcon-40b-rw,      41303293952",
      "falcon-rw-1b,       1311625216",
      "mistral-7b-v0.1,    7241732096",
      "llama-2-7b,         6738415616",
      "phi-3-mini-4k,      3821079552",
      "gemma-2-9b,         9241705984",
      "qwen3-8b,           8190735360",
      "qwen3-30b-a3b,      30532122624",
      "qwen1.5-moe-a2.7b,  14315784192",
      "deepseek-v2-lite,   15706484224",
  })
  void totalsMatchTheCheckpoints(String name, long total) {
    assertThat(read(name).parameters().total()).isEqualTo(total);
  }

  @Test
  void llama32OneBReadsExplicitHeadDimAndTiesEmbeddings() {
    ModelSpec m = read("llama-3.2-1b");
    assertThat(m.headDim()).isEqualTo(64);
    assertThat(m.kvHeads()).isEqualTo(8);
    assertThat(m.attentionKind()).isEqualTo(AttentionKind.GQA);
    assertThat(m.tiedEmbeddings()).isTrue();
    assertThat(m.parameters().lmHead()).isZero();
    assertThat(m.norm()).isEqualTo(NormKind.RMS);
    assertThat(m.positional()).isEqualTo(Positional.ROPE);
    assertThat(m.linearBias()).isEqualTo(LinearBias.NONE);
    assertThat(m.gatedMlp()).isTrue();
    assertThat(m.maxPosition()).isEqualTo(131072);
    assertThat(m.dropout()).isFalse();
  }

  @Test
  void namesTheModelFromTheFolderWithoutNameOrPath() {
    ModelSpec m = read("llama-3.1-8b");
    assertThat(m.name()).isEqualTo("llama-3.1-8b");
    assertThat(m.family()).isEqualTo("llama");
    assertThat(m.source()).isEqualTo("Hugging Face config.json: " + fixture("llama-3.1-8b"));
    assertThat(m.tiedEmbeddings()).isFalse();
  }

  @Test
  void namesTheModelFromNameOrPath() {
    assertThat(read("opt-125m").name()).isEqualTo("facebook/opt-125m");
  }

  @Test
  void namesAFileNotCalledConfigJsonAfterItself(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("my-llama.json");
    Files.copy(fixture("llama-3.1-8b"), file);
    assertThat(HuggingFaceConfig.read(file).name()).isEqualTo("my-llama");
  }

  @Test
  void absentKeyValueHeadsMeanMultiHeadAttention() {
    ModelSpec m = read("llama-2-7b");
    assertThat(m.kvHeads()).isEqualTo(32);
    assertThat(m.attentionKind()).isEqualTo(AttentionKind.MHA);
    assertThat(m.name()).isEqualTo("meta-llama/Llama-2-7b-hf");
  }

  @Test
  void qwen25HasQkvBiasOnly() {
    ModelSpec m = read("qwen2.5-0.5b");
    assertThat(m.linearBias()).isEqualTo(LinearBias.QKV);
    assertThat(m.kvHeads()).isEqualTo(2);
    assertThat(m.headDim()).isEqualTo(64);
  }

  @Test
  void qwen3HasQkNormAndHeadDimWiderThanHiddenOverHeads() {
    ModelSpec m = read("qwen3-8b");
    assertThat(m.qkNorm()).isTrue();
    assertThat(m.headDim()).isEqualTo(128);
    assertThat(m.linearBias()).isEqualTo(LinearBias.NONE);
  }

  @Test
  void gpt2HasLearnedPositionsBiasesAndTiedHead() {
    ModelSpec m = read("gpt2");
    ParameterCounts p = m.parameters();
    assertThat(m.positional()).isEqualTo(Positional.LEARNED);
    assertThat(m.positionRows()).isEqualTo(1024);
    assertThat(p.positions()).isEqualTo(1024L * 768);
    assertThat(m.ffn()).isEqualTo(4 * 768); // n_inner is absent
    assertThat(m.linearBias()).isEqualTo(LinearBias.ALL);
    assertThat(m.norm()).isEqualTo(NormKind.LAYER);
    assertThat(m.tiedEmbeddings()).isTrue(); // PretrainedConfig default: the file has no key
    assertThat(m.gatedMlp()).isFalse();
    assertThat(m.dropout()).isTrue();
  }

  @Test
  void optPositionTableHasTwoExtraRows() {
    ModelSpec m = read("opt-125m");
    assertThat(m.positionRows()).isEqualTo(2050);
    assertThat(m.tiedEmbeddings()).isTrue();
    assertThat(m.linearBias()).isEqualTo(LinearBias.ALL);
  }

  @Test
  void gptNeoxIsUntiedWithBiasesAndParallelResidual() {
    ModelSpec m = read("gpt-neox-20b");
    assertThat(m.tiedEmbeddings()).isFalse();
    assertThat(m.parameters().lmHead()).isEqualTo(50432L * 6144);
    assertThat(m.linearBias()).isEqualTo(LinearBias.ALL);
    assertThat(m.normsPerLayer()).isEqualTo(2);
    assertThat(m.notes()).contains("parallel attention and MLP residual");
  }

  @Test
  void bloomHasAlibiAndAnEmbeddingNorm() {
    ModelSpec m = read("bloom");
    assertThat(m.positional()).isEqualTo(Positional.ALIBI);
    assertThat(m.embeddingNorm()).isTrue();
    assertThat(m.ffn()).isEqualTo(4 * 14336);
    assertThat(m.parameters().embedding()).isEqualTo(3_596_615_680L); // model card's embedding count
  }

  @Test
  void falcon7bIsMultiQueryWithOneNormPerLayer() {
    // The converted config prints num_kv_heads 71, but the old layout with multi_query has one KV head.
    for (String name : new String[] {"falcon-7b", "falcon-7b-rw"}) {
      ModelSpec m = read(name);
      assertThat(m.kvHeads()).as(name).isEqualTo(1);
      assertThat(m.attentionKind()).as(name).isEqualTo(AttentionKind.MQA);
      assertThat(m.normsPerLayer()).as(name).isEqualTo(1);
      assertThat(m.norm()).as(name).isEqualTo(NormKind.LAYER);
      assertThat(m.tiedEmbeddings()).as(name).isTrue();
      assertThat(m.ffn()).as(name).isEqualTo(4 * 4544);
      assertThat(m.family()).as(name).isEqualTo("falcon");
    }
  }

  @Test
  void falcon40bNewDecoderArchitectureHasTwoNormsAndEightKvHeads() {
    for (String name : new String[] {"falcon-40b", "falcon-40b-rw"}) {
      ModelSpec m = read(name);
      assertThat(m.kvHeads()).as(name).isEqualTo(8);
      assertThat(m.normsPerLayer()).as(name).isEqualTo(2);
      assertThat(m.linearBias()).as(name).isEqualTo(LinearBias.NONE);
    }
  }

  @Test
  void falconRw1bIsSequentialWithAlibiAndBiases() {
    ModelSpec m = read("falcon-rw-1b");
    assertThat(m.kvHeads()).isEqualTo(32);
    assertThat(m.positional()).isEqualTo(Positional.ALIBI);
    assertThat(m.linearBias()).isEqualTo(LinearBias.ALL);
    assertThat(m.normsPerLayer()).isEqualTo(2);
  }

  @Test
  void gemma2HasFourNormsPerLayerAndTiesByDefault() {
    ModelSpec m = read("gemma-2-9b");
    assertThat(m.normsPerLayer()).isEqualTo(4);
    assertThat(m.tiedEmbeddings()).isTrue(); // Gemma2Config default: the file has no key
    assertThat(m.headDim()).isEqualTo(256);
    // Gemma 2 report, Table 1: non-embedding parameters
    assertThat(m.parameters().total() - m.parameters().embedding()).isEqualTo(8_324_201_984L);
  }

  @Test
  void mixtralHasEightExpertsTopTwo() {
    ModelSpec m = read("mixtral-8x7b");
    assertThat(m.isMoe()).isTrue();
    assertThat(m.moe().experts()).isEqualTo(8);
    assertThat(m.moe().topK()).isEqualTo(2);
    assertThat(m.moe().expertFfn()).isEqualTo(14336);
    assertThat(m.moeLayers()).isEqualTo(32);
    assertThat(m.parameters().activePerToken(m)).isEqualTo(12_879_925_248L); // "12.9B active"
  }

  @Test
  void qwen3MoeRoundsToThePublishedSizes() {
    ModelSpec m = read("qwen3-30b-a3b");
    assertThat(m.moe().experts()).isEqualTo(128);
    assertThat(m.moe().topK()).isEqualTo(8);
    assertThat(m.moe().expertFfn()).isEqualTo(768);
    assertThat(m.moe().sharedExperts()).isZero();
    assertThat(m.moeLayers()).isEqualTo(48);
    assertThat(m.qkNorm()).isTrue();
    assertThat(m.parameters().total() / 1e8).isBetween(304.5, 305.5); // card: 30.5B
    assertThat(m.parameters().activePerToken(m) / 1e9).isBetween(3.25, 3.40); // card: 3.3B active
  }

  /** GPT-OSS 120B: 128 experts top-4 with a router bias, q/k/v/o biases; the card's 116.8B total. */
  @Test
  void gptOssReadsAsTheCatalogEntry() {
    ModelSpec m = read("gpt-oss-120b");
    assertThat(m.moe().experts()).isEqualTo(128);
    assertThat(m.moe().topK()).isEqualTo(4);
    assertThat(m.moe().expertFfn()).isEqualTo(2880);
    assertThat(m.moe().routerBias()).isTrue();
    assertThat(m.moeLayers()).isEqualTo(36);
    assertThat(m.linearBias()).isEqualTo(LinearBias.ALL);
    assertThat(m.parameters().total() / 1e9).isBetween(116.7, 116.9); // card: 116.8B
    // card: 5.1B active, without the 0.58B input embedding (201088 x 2880) that the planner counts
    assertThat((m.parameters().activePerToken(m) - 201088L * 2880) / 1e9).isBetween(5.0, 5.2);
    assertThat(m.parameters().total()).isEqualTo(Catalog.embedded().model("gpt-oss-120b").parameters().total());
  }

  @Test
  void qwen2MoeHasAGatedSharedExpertOfItsOwnWidth() {
    ModelSpec m = read("qwen1.5-moe-a2.7b");
    assertThat(m.moe().sharedExperts()).isEqualTo(1);
    assertThat(m.moe().sharedExpertFfn()).isEqualTo(5632);
    assertThat(m.moe().expertFfn()).isEqualTo(1408);
    assertThat(m.moe().sharedExpertGate()).isTrue();
    assertThat(m.linearBias()).isEqualTo(LinearBias.QKV);
    assertThat(m.parameters().activePerToken(m) / 1e8).isBetween(26.5, 27.5); // "A2.7B"
  }

  @Test
  void deepSeekV3HasMlaDenseLeadingLayersAndRouterBiasWithoutMtp() {
    ModelSpec m = read("deepseek-v3");
    assertThat(m.attentionKind()).isEqualTo(AttentionKind.MLA);
    assertThat(m.mla().qLoraRank()).isEqualTo(1536);
    assertThat(m.mla().kvLoraRank()).isEqualTo(512);
    assertThat(m.mla().qkHeadDim()).isEqualTo(192);
    assertThat(m.mla().vHeadDim()).isEqualTo(128);
    assertThat(m.headDim()).isEqualTo(192);
    assertThat(m.moe().denseLayers()).isEqualTo(3);
    assertThat(m.moeLayers()).isEqualTo(58);
    assertThat(m.moe().sharedExperts()).isEqualTo(1);
    assertThat(m.moe().routerBias()).isTrue();
    assertThat(m.notes()).contains("num_nextn_predict_layers 1").contains("fp8");
    assertThat(m.parameters().activePerToken(m) / 1e9).isBetween(36.5, 37.9); // "37B activated"
  }

  @Test
  void deepSeekV2LiteProjectsQueriesDirectly() {
    ModelSpec m = read("deepseek-v2-lite");
    assertThat(m.mla().qLoraRank()).isZero(); // q_lora_rank null
    assertThat(m.moe().routerBias()).isFalse(); // greedy routing has no correction bias
    assertThat(m.moe().sharedExperts()).isEqualTo(2);
    assertThat(m.moe().denseLayers()).isEqualTo(1);
  }

  @Test
  void catalogLoadsAConfigJsonPathAndAFolder() {
    Catalog catalog = Catalog.embedded();
    ModelSpec byFile = catalog.model(fixture("llama-3.2-1b").toString());
    ModelSpec byFolder = catalog.model(fixture("llama-3.2-1b").getParent().toString());
    assertThat(byFile.parameters().total()).isEqualTo(1_235_814_400L);
    assertThat(byFolder).isEqualTo(byFile);
  }

  @Test
  void catalogReportsAMissingConfigJsonInAFolder(@TempDir Path dir) {
    assertThatThrownBy(() -> Catalog.embedded().model(dir.toString()))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("config.json at " + dir.resolve("config.json"))
        .hasMessageContaining("no such file");
  }

  // Malformed files: one line that names the file and says what is wrong.

  @Test
  void brokenJsonSaysWhere() {
    Path file = fixture("malformed/broken-json");
    assertThatThrownBy(() -> HuggingFaceConfig.read(file))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("config.json at " + file + ": not valid JSON at line 6")
        .hasMessageNotContaining("\n");
  }

  @Test
  void missingHiddenSizeIsNamed() {
    Path file = fixture("malformed/missing-hidden-size");
    assertThatThrownBy(() -> HuggingFaceConfig.read(file))
        .isInstanceOf(MalformedInputException.class)
        .hasMessage("config.json at " + file + ": missing hidden_size");
  }

  @Test
  void unsupportedModelTypeListsTheSupportedOnes() {
    Path file = fixture("malformed/unsupported-model-type");
    assertThatThrownBy(() -> HuggingFaceConfig.read(file))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("unsupported model_type 'mamba'")
        .hasMessageContaining("llama, mistral, mixtral")
        .hasMessageContaining("deepseek_v3");
  }

  @Test
  void aStringWhereANumberBelongsIsNamed() {
    Path file = fixture("malformed/string-number");
    assertThatThrownBy(() -> HuggingFaceConfig.read(file))
        .isInstanceOf(MalformedInputException.class)
        .hasMessage("config.json at " + file + ": num_hidden_layers must be a whole number, got \"32\"");
  }

  @Test
  void otherMistakesAreMalformedInputToo(@TempDir Path dir) throws IOException {
    assertMalformed(dir, "", "the file is empty");
    assertMalformed(dir, "[1, 2]", "expected a JSON object, found a list");
    assertMalformed(dir, "{\"hidden_size\": 1}", "missing model_type (supported: llama,");
    assertMalformed(dir, "{\"model_type\": 7}", "model_type must be a string, got 7");
    assertMalformed(dir, llama("\"num_key_value_heads\": 5"), "num_attention_heads 32 is not a multiple of the 5");
    assertMalformed(dir, llama("\"num_hidden_layers\": 0"), "num_hidden_layers must be positive, got 0");
    assertMalformed(dir, llama("\"num_hidden_layers\": 32.5"), "num_hidden_layers must be a whole number, got 32.5");
    assertMalformed(dir, llama("\"num_hidden_layers\": 99999999999"), "num_hidden_layers must be a whole number");
    assertMalformed(dir, llama("\"tie_word_embeddings\": \"yes\""), "tie_word_embeddings must be true or false");
    assertMalformed(dir, llama("\"attention_dropout\": \"none\""), "attention_dropout must be a number");
    assertMalformed(dir, "{\"model_type\": \"llama\", \"hidden_size\": 100, \"num_attention_heads\": 3, "
        + "\"num_hidden_layers\": 2, \"intermediate_size\": 8, \"vocab_size\": 10}",
        "hidden_size 100 is not a multiple of num_attention_heads 3 and there is no head_dim");
    assertMalformed(dir, "{\"model_type\": \"opt\", \"hidden_size\": 1024, \"word_embed_proj_dim\": 512, "
        + "\"num_attention_heads\": 16, \"num_hidden_layers\": 24, \"ffn_dim\": 4096, \"vocab_size\": 50272}",
        "word_embed_proj_dim 512 differs from hidden_size 1024");
    assertMalformed(dir, deepSeekV3("\"moe_layer_freq\": 2"), "moe_layer_freq 2 is not supported");
    assertMalformed(dir, qwen3Moe("\"mlp_only_layers\": [1, 3]"), "mlp_only_layers [1, 3] with decoder_sparse_step 1");
  }

  @Test
  void wholeNumbersWrittenAsFloatsAndNaNDropoutAreAccepted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, llama("\"num_hidden_layers\": 32.0, \"attention_dropout\": NaN"));
    ModelSpec m = HuggingFaceConfig.read(file);
    assertThat(m.layers()).isEqualTo(32);
    assertThat(m.parameters().total()).isEqualTo(8_030_261_248L);
  }

  @Test
  void qwenMoeLeadingDenseLayersBecomeDenseLayers(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, qwen3Moe("\"mlp_only_layers\": [0, 1]"));
    ModelSpec m = HuggingFaceConfig.read(file);
    assertThat(m.moe().denseLayers()).isEqualTo(2);
    assertThat(m.denseLayers()).isEqualTo(2);
    assertThat(m.ffn()).isEqualTo(6144);
  }

  @Test
  void qwenMoeSparseStepInterleavesDenseLayers(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, qwen3Moe("\"decoder_sparse_step\": 2"));
    ModelSpec m = HuggingFaceConfig.read(file);
    // transformers: layer i is MoE when (i + 1) % step == 0, so layers 1, 3, ..., 47
    assertThat(m.moe().isMoeLayer(0)).isFalse();
    assertThat(m.moe().isMoeLayer(1)).isTrue();
    assertThat(m.moeLayers()).isEqualTo(24);
  }

  @Test
  void llamaBiasFlagsAreRead(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, llama("\"attention_bias\": true, \"mlp_bias\": true"));
    assertThat(HuggingFaceConfig.read(file).linearBias()).isEqualTo(LinearBias.ALL);
    Files.writeString(file, llama("\"attention_bias\": true"));
    ModelSpec qkvOnly = HuggingFaceConfig.read(file);
    assertThat(qkvOnly.linearBias()).isEqualTo(LinearBias.QKV);
    assertThat(qkvOnly.notes()).contains("o_proj bias");
  }

  private static void assertMalformed(Path dir, String json, String message) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    assertThatThrownBy(() -> HuggingFaceConfig.read(file))
        .as(json)
        .isInstanceOf(MalformedInputException.class)
        .hasMessageStartingWith("config.json at " + file + ": ")
        .hasMessageContaining(message)
        .hasMessageNotContaining("\n");
  }

  /** Llama-3.1-8B with one key added or overridden. */
  private static String llama(String extra) throws IOException {
    return withKeys("llama-3.1-8b", extra);
  }

  private static String qwen3Moe(String extra) throws IOException {
    return withKeys("qwen3-30b-a3b", extra);
  }

  private static String deepSeekV3(String extra) throws IOException {
    return withKeys("deepseek-v3", extra);
  }

  /** The fixture with the keys of {@code extra} set (config.json refuses a repeated key, so none is appended). */
  private static String withKeys(String fixture, String extra) throws IOException {
    ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    ObjectNode keys = (ObjectNode) json.readTree(Files.readString(fixture(fixture)));
    keys.setAll((ObjectNode) json.readTree("{" + extra + "}"));
    return json.writeValueAsString(keys);
  }
}
