package org.llmplan.catalog.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.model.LinearBias;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;

/**
 * The branches of the family readers that the checkpoint fixtures of HuggingFaceConfigTest do not reach: each
 * real config with one key changed, and the total worked by hand from that config's fields.
 */
class ModelTypesTest {
  @TempDir Path dir;
  private Path file;

  @BeforeEach
  void file() {
    file = dir.resolve("config.json");
  }

  @Test
  void supportedTypesKeepTheOrderErrorsListThemIn() {
    assertThat(ModelTypes.supported()).startsWith("llama", "mistral", "mixtral")
        .endsWith("falcon", "RefinedWeb", "RefinedWebModel").hasSize(24);
  }

  /** Pythia-160m's config.json; the Pythia suite's table: 162,322,944 total, 85,056,000 non-embedding. */
  @Test
  void pythia160mMatchesItsPublishedTotals() throws IOException {
    ModelSpec m = read("{\"architectures\": [\"GPTNeoXForCausalLM\"], \"bos_token_id\": 0, \"eos_token_id\": 0, "
        + "\"hidden_act\": \"gelu\", \"hidden_size\": 768, \"initializer_range\": 0.02, \"intermediate_size\": 3072, "
        + "\"layer_norm_eps\": 1e-05, \"max_position_embeddings\": 2048, \"model_type\": \"gpt_neox\", "
        + "\"num_attention_heads\": 12, \"num_hidden_layers\": 12, \"rotary_emb_base\": 10000, \"rotary_pct\": 0.25, "
        + "\"tie_word_embeddings\": false, \"torch_dtype\": \"float16\", \"use_cache\": true, "
        + "\"use_parallel_residual\": true, \"vocab_size\": 50304}");
    ParameterCounts p = m.parameters();
    assertThat(p.total()).isEqualTo(162_322_944L);
    assertThat(p.total() - p.embedding() - p.lmHead()).isEqualTo(85_056_000L);
  }

  @Test
  void gptNeoxNotesWhatItCountsAnyway() throws IOException {
    ModelSpec m = read(withKeys("gpt-neox-20b", "\"attention_bias\": false, \"use_parallel_residual\": false"));
    assertThat(m.parameters().total()).isEqualTo(20_554_567_680L);
    assertThat(m.notes()).contains("attention biases counted anyway").doesNotContain("parallel");
  }

  /** n_ctx stands in for n_positions: 512 rows instead of 1024, so 512 x 768 fewer parameters. */
  @Test
  void gpt2FallsBackToNCtx() throws IOException {
    ModelSpec m = read(withKeys("gpt2", "\"n_positions\": null, \"n_ctx\": 512"));
    assertThat(m.positionRows()).isEqualTo(512);
    assertThat(m.parameters().total()).isEqualTo(124_439_808L - 512L * 768);
  }

  /** OPT-125m without biases: 12 layers x (4 x 768 attention + 3072 + 768 MLP) = 82,944 fewer. */
  @Test
  void optWithoutBiasesAndWithoutAffineNormsSaysSo() throws IOException {
    ModelSpec m = read(withKeys("opt-125m", "\"enable_bias\": false, \"layer_norm_elementwise_affine\": false, "
        + "\"do_layer_norm_before\": false"));
    assertThat(m.linearBias()).isEqualTo(LinearBias.NONE);
    assertThat(m.parameters().total()).isEqualTo(125_239_296L - 82_944L);
    assertThat(m.notes()).contains("LayerNorm weights counted anyway").contains("no final LayerNorm");
  }

  @Test
  void llamaMlpBiasAloneIsNotCounted() throws IOException {
    ModelSpec m = read(withKeys("llama-3.1-8b", "\"mlp_bias\": true"));
    assertThat(m.linearBias()).isEqualTo(LinearBias.NONE);
    assertThat(m.parameters().total()).isEqualTo(8_030_261_248L);
    assertThat(m.notes()).contains("mlp_bias true: MLP biases are not counted");
  }

  /** Qwen1.5-MoE-A2.7B without q/k/v biases: 24 layers x 3 x 2048 = 147,456 fewer. */
  @Test
  void qwen2MoeQkvBiasCanBeSwitchedOff() throws IOException {
    ModelSpec m = read(withKeys("qwen1.5-moe-a2.7b", "\"qkv_bias\": false"));
    assertThat(m.linearBias()).isEqualTo(LinearBias.NONE);
    assertThat(m.parameters().total()).isEqualTo(14_315_784_192L - 147_456L);
  }

  /**
   * Qwen1.5-MoE-A2.7B with num_experts 0: 24 dense layers of 4 x 2048^2 attention + 3 x 2048 q/k/v bias +
   * 3 x 2048 x 5632 MLP + 2 x 2048 norms (51,390,464 each), 2 x 151,936 x 2048 untied embeddings, 2048 final norm.
   */
  @Test
  void qwenMoeWithoutExpertsIsDense() throws IOException {
    ModelSpec m = read(withKeys("qwen1.5-moe-a2.7b", "\"num_experts\": 0"));
    assertThat(m.isMoe()).isFalse();
    assertThat(m.parameters().total()).isEqualTo(24L * 51_390_464 + 2L * 151_936 * 2048 + 2048);
    assertThat(m.notes()).contains("num_experts 0: every layer is dense");
  }

  /**
   * DeepSeek-V2-Lite without routed experts: 27 dense layers of MLA (q 2048 x 16 x 192, kv_a 2048 x 576, its
   * norm 512, kv_b 512 x 16 x 256, o 2048 x 2048: 13,763,072) + MLP 3 x 2048 x 10944 + 2 x 2048 norms, plus
   * 2 x 102,400 x 2048 untied embeddings and the 2048 final norm.
   */
  @Test
  void deepSeekWithoutRoutedExpertsIsDenseAndNotesAttentionBias() throws IOException {
    ModelSpec m = read(withKeys("deepseek-v2-lite", "\"n_routed_experts\": 0, \"attention_bias\": true"));
    assertThat(m.isMoe()).isFalse();
    long layer = 13_763_072L + 3L * 2048 * 10944 + 2 * 2048;
    assertThat(m.parameters().total()).isEqualTo(27 * layer + 2L * 102_400 * 2048 + 2048);
    assertThat(m.notes()).contains("MLA projection biases not counted");
  }

  @Test
  void deepSeekV3WithGreedyRoutingHasNoRouterBias() throws IOException {
    ModelSpec m = read(withKeys("deepseek-v3", "\"topk_method\": \"greedy\""));
    assertThat(m.moe().routerBias()).isFalse();
    assertThat(m.parameters().total()).isEqualTo(671_026_419_200L - 58L * 256); // 58 MoE layers x 256 experts
  }

  private ModelSpec read(String json) throws IOException {
    Files.writeString(file, json);
    return ModelTypes.read(ConfigJson.parse(file)).build();
  }

  /** The fixture with the keys of {@code extra} set (config.json refuses a repeated key, so none is appended). */
  private static String withKeys(String fixture, String extra) throws IOException {
    ObjectMapper json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();
    ObjectNode keys = (ObjectNode) json.readTree(Files.readString(fixture(fixture)));
    keys.setAll((ObjectNode) json.readTree("{" + extra + "}"));
    return json.writeValueAsString(keys);
  }

  private static Path fixture(String name) {
    try {
      return Path.of(ModelTypesTest.class.getResource("/hf/" + name + "/config.json").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
