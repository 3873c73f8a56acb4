package org.llmplan.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.model.LinearBias;
import org.llmplan.model.MlaSpec;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.MoeSpec;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/**
 * Reads a Hugging Face {@code config.json} into a model, family by family ({@code model_type}), so that the
 * parameter count equals the checkpoint's. Keys the count does not need (rope_theta, torch_dtype, ...) are
 * ignored.
 *
 * <p>Defaults for keys a file leaves out:
 * <ul>
 *   <li>{@code tie_word_embeddings}: the default of the family's transformers config class: true for gpt2,
 *       opt, bloom, falcon and gemma2 (they keep PretrainedConfig's true); false for llama, mistral, mixtral,
 *       qwen2, qwen2_moe, qwen3, qwen3_moe, deepseek_v2/v3, phi3 and gpt_neox (their classes override it).
 *   <li>{@code num_key_value_heads}: as many as query heads (MHA), as in old Llama-2 and Qwen1.5 files; some
 *       transformers classes default to their flagship's value (Mistral 8) instead.
 *   <li>{@code head_dim}: hidden / heads (MLA models: qk_nope_head_dim + qk_rope_head_dim).
 *   <li>dense MLP width where the format has no key: 4 x hidden (GPT-2 n_inner null, BLOOM, Falcon).
 * </ul>
 * Anything wrong with the file is a {@link MalformedInputException} naming the file and the key.
 */
public final class HuggingFaceConfig {
  /** The model_type values read, in the order errors list them. */
  static final List<String> SUPPORTED = List.of("llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3",
      "qwen3_moe", "deepseek_v2", "deepseek_v3", "gemma2", "phi3", "gpt2", "gpt_neox", "opt", "bloom",
      "falcon", "RefinedWeb", "RefinedWebModel");

  // Python's json module writes NaN and Infinity, so saved configs may hold them.
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private HuggingFaceConfig() {}

  public static ModelSpec read(Path path) {
    ConfigJson c = ConfigJson.parse(path);
    String type = c.text("model_type", null);
    if (type == null) {
      throw c.error("missing model_type (supported: " + String.join(", ", SUPPORTED) + ")");
    }
    try {
      Draft d = switch (type) {
        case "llama", "mistral", "mixtral", "qwen2", "qwen2_moe", "qwen3", "qwen3_moe", "gemma2", "phi3" ->
            rotaryGated(c, type);
        case "deepseek_v2", "deepseek_v3" -> deepSeek(c, type);
        case "gpt2" -> gpt2(c);
        case "gpt_neox" -> gptNeox(c);
        case "opt" -> opt(c);
        case "bloom" -> bloom(c);
        case "falcon", "RefinedWeb", "RefinedWebModel" -> falcon(c, type);
        default -> throw c.error("unsupported model_type '" + type + "' (supported: "
            + String.join(", ", SUPPORTED) + ")");
      };
      noteQuantization(c, d);
      return d.build();
    } catch (InvalidValueException e) {
      // ModelSpec found values that contradict each other; the file is what has to change.
      throw c.error(e.getMessage());
    }
  }

  /** Llama and the families built like it: RMSNorm, rotary positions, gated (SwiGLU/GeGLU) MLP. */
  private static Draft rotaryGated(ConfigJson c, String type) {
    Draft d = new Draft(c, type);
    d.layers = c.positiveInt("num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size");
    d.heads = c.positiveInt("num_attention_heads");
    d.kvHeads = c.optionalPositiveInt(d.heads, "num_key_value_heads");
    d.headDim = c.optionalPositiveInt(0, "head_dim");
    d.ffn = c.positiveInt("intermediate_size");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(0, "max_position_embeddings");
    d.gatedMlp = true;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", type.equals("gemma2"));
    d.dropout = c.anyDropout(0, "attention_dropout", "resid_pdrop", "embd_pdrop");
    switch (type) {
      case "llama" -> d.biases(c.bool("attention_bias", false), c.bool("mlp_bias", false));
      case "qwen2" -> d.linearBias = LinearBias.QKV; // Qwen2Attention: q/k/v bias, o_proj none
      case "qwen2_moe" -> d.linearBias = c.bool("qkv_bias", true) ? LinearBias.QKV : LinearBias.NONE;
      case "qwen3", "qwen3_moe", "gemma2" -> d.biases(c.bool("attention_bias", false), false);
      default -> d.linearBias = LinearBias.NONE; // mistral, mixtral, phi3: no biases in the code
    }
    d.qkNorm = type.equals("qwen3") || type.equals("qwen3_moe");
    if (type.equals("gemma2")) {
      d.normsPerLayer = 4; // pre- and post-norm around both attention and MLP
    }
    switch (type) {
      case "mixtral" -> d.moe = new MoeSpec(c.positiveInt("num_local_experts"), c.positiveInt("num_experts_per_tok"),
          0, d.ffn, 0, 0, 1, false, false, 0);
      case "qwen2_moe", "qwen3_moe" -> d.moe = qwenMoe(c, d, type.equals("qwen2_moe"));
      default -> { }
    }
    return d;
  }

  /**
   * Qwen-MoE: a layer is MoE unless listed in mlp_only_layers, and when (layer + 1) % decoder_sparse_step == 0
   * (transformers Qwen2MoeDecoderLayer); num_experts 0 makes every layer dense.
   */
  private static MoeSpec qwenMoe(ConfigJson c, Draft d, boolean sharedExpert) {
    int experts = c.nonNegativeInt("num_experts");
    if (experts == 0) {
      d.notes.add("num_experts 0: every layer is dense");
      return null;
    }
    int topK = c.positiveInt("num_experts_per_tok");
    int expertFfn = c.positiveInt("moe_intermediate_size");
    int step = c.optionalPositiveInt(1, "decoder_sparse_step");
    Set<Integer> mlpOnly = new TreeSet<>(c.intList("mlp_only_layers"));
    int leadingDense = 0;
    while (mlpOnly.contains(leadingDense)) {
      leadingDense++;
    }
    // MoeSpec holds leading dense layers only, which is the same pattern when the list is 0..k-1 and step 1.
    if (!mlpOnly.isEmpty() && (step != 1 || leadingDense != mlpOnly.size())) {
      throw c.error("mlp_only_layers " + mlpOnly + " with decoder_sparse_step " + step
          + " is not supported (only leading dense layers 0..k-1 with decoder_sparse_step 1)");
    }
    int sharedFfn = sharedExpert ? c.nonNegativeInt("shared_expert_intermediate_size") : 0;
    // Qwen2-MoE's shared expert is one MLP of its own width, scaled by a sigmoid gate Linear(hidden, 1).
    return new MoeSpec(experts, topK, sharedFfn > 0 ? 1 : 0, expertFfn, sharedFfn, leadingDense, step, false,
        sharedFfn > 0, 0);
  }

  /**
   * DeepSeek-V2/V3: MLA attention and fine-grained MoE after first_k_dense_replace dense layers. The
   * multi-token-prediction module (num_nextn_predict_layers) ships in the V3 checkpoint but is not part of the
   * published 671B, so it is left out.
   */
  private static Draft deepSeek(ConfigJson c, String type) {
    Draft d = new Draft(c, type);
    d.layers = c.positiveInt("num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size");
    d.heads = c.positiveInt("num_attention_heads");
    d.kvHeads = c.optionalPositiveInt(d.heads, "num_key_value_heads");
    d.ffn = c.positiveInt("intermediate_size");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(0, "max_position_embeddings");
    d.gatedMlp = true;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", false);
    d.dropout = c.anyDropout(0, "attention_dropout");
    d.mla = new MlaSpec(c.optionalNonNegativeInt(0, "q_lora_rank"), c.positiveInt("kv_lora_rank"),
        c.positiveInt("qk_nope_head_dim"), c.positiveInt("qk_rope_head_dim"), c.positiveInt("v_head_dim"));
    d.headDim = d.mla.qkHeadDim();
    if (c.bool("attention_bias", false)) {
      d.notes.add("attention_bias true: MLA projection biases not counted");
    }
    Integer experts = c.optionalNonNegativeInt(null, "n_routed_experts");
    if (experts != null && experts > 0) {
      int layerFreq = c.optionalPositiveInt(1, "moe_layer_freq");
      if (layerFreq != 1) {
        throw c.error("moe_layer_freq " + layerFreq + " is not supported (only 1: every layer after "
            + "first_k_dense_replace is MoE)");
      }
      // noaux_tc routing (V3) adds a learned per-expert bias, e_score_correction_bias, to the router.
      String topkMethod = c.text("topk_method", type.equals("deepseek_v3") ? "noaux_tc" : "greedy");
      d.moe = new MoeSpec(experts, c.positiveInt("num_experts_per_tok"),
          c.optionalNonNegativeInt(0, "n_shared_experts"), c.positiveInt("moe_intermediate_size"), 0,
          c.optionalNonNegativeInt(0, "first_k_dense_replace"), 1, topkMethod.equals("noaux_tc"), false, 0);
    }
    int mtp = c.optionalNonNegativeInt(0, "num_nextn_predict_layers");
    if (mtp > 0) {
      d.notes.add("num_nextn_predict_layers " + mtp + ": the multi-token-prediction module is not counted, "
          + "as in DeepSeek's published total");
    }
    return d;
  }

  /** GPT-2: learned position table of n_positions rows, biases on every linear, LayerNorm, tied head. */
  private static Draft gpt2(ConfigJson c) {
    Draft d = new Draft(c, "gpt2");
    d.layers = c.positiveInt("n_layer", "num_hidden_layers");
    d.hidden = c.positiveInt("n_embd", "hidden_size");
    d.heads = c.positiveInt("n_head", "num_attention_heads");
    d.kvHeads = d.heads;
    d.ffn = c.optionalPositiveInt(4 * d.hidden, "n_inner");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalPositiveInt(1024, "n_positions", "n_ctx");
    d.positional = Positional.LEARNED;
    d.positionRows = d.maxPosition;
    d.norm = NormKind.LAYER;
    d.linearBias = LinearBias.ALL;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0.1, "resid_pdrop", "embd_pdrop", "attn_pdrop");
    return d;
  }

  /** GPT-NeoX (and Pythia): untied head, biased linears, two LayerNorms per layer even with parallel residual. */
  private static Draft gptNeox(ConfigJson c) {
    Draft d = new Draft(c, "gpt_neox");
    d.layers = c.positiveInt("num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size");
    d.heads = c.positiveInt("num_attention_heads");
    d.kvHeads = d.heads;
    d.ffn = c.positiveInt("intermediate_size");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(0, "max_position_embeddings");
    d.norm = NormKind.LAYER;
    d.linearBias = LinearBias.ALL;
    if (!c.bool("attention_bias", true)) {
      d.notes.add("attention_bias false: attention biases counted anyway (the MLP keeps its biases)");
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", false);
    d.dropout = c.anyDropout(0, "attention_dropout", "hidden_dropout");
    if (c.bool("use_parallel_residual", true)) {
      d.notes.add("parallel attention and MLP residual");
    }
    return d;
  }

  /** OPT: learned positions with 2 extra rows (OPTLearnedPositionalEmbedding offset), ReLU MLP, biases. */
  private static Draft opt(ConfigJson c) {
    Draft d = new Draft(c, "opt");
    d.layers = c.positiveInt("num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size");
    d.heads = c.positiveInt("num_attention_heads");
    d.kvHeads = d.heads;
    d.ffn = c.positiveInt("ffn_dim");
    d.vocab = c.positiveInt("vocab_size");
    int projected = c.optionalPositiveInt(d.hidden, "word_embed_proj_dim");
    if (projected != d.hidden) {
      throw c.error("word_embed_proj_dim " + projected + " differs from hidden_size " + d.hidden
          + " (OPT embedding projections, as in opt-350m, are not supported)");
    }
    d.maxPosition = c.optionalPositiveInt(2048, "max_position_embeddings");
    d.positional = Positional.LEARNED;
    d.positionRows = d.maxPosition + 2;
    d.norm = NormKind.LAYER;
    d.linearBias = c.bool("enable_bias", true) ? LinearBias.ALL : LinearBias.NONE;
    if (!c.bool("layer_norm_elementwise_affine", true)) {
      d.notes.add("layer_norm_elementwise_affine false: LayerNorm weights counted anyway");
    }
    if (!c.bool("do_layer_norm_before", true) || c.bool("_remove_final_layer_norm", false)) {
      d.notes.add("no final LayerNorm in this checkpoint; 2 x hidden counted anyway");
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0.1, "dropout", "attention_dropout", "activation_dropout");
    return d;
  }

  /** BLOOM: ALiBi, a LayerNorm after the word embedding, biases everywhere, MLP 4 x hidden. */
  private static Draft bloom(ConfigJson c) {
    Draft d = new Draft(c, "bloom");
    d.layers = c.positiveInt("n_layer", "num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size", "n_embed");
    d.heads = c.positiveInt("n_head", "num_attention_heads");
    d.kvHeads = d.heads;
    d.ffn = 4 * d.hidden;
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(0, "seq_length");
    d.positional = Positional.ALIBI;
    d.norm = NormKind.LAYER;
    d.embeddingNorm = true;
    d.linearBias = LinearBias.ALL;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0, "hidden_dropout", "attention_dropout");
    d.notes.add("MLP width 4 x hidden (BloomMLP; not a config key)");
    return d;
  }

  /**
   * Falcon in both formats: model_type falcon (transformers FalconConfig) and the original RW code, where
   * RefinedWebModel is the 7B/RW layout (multi_query flag) and RefinedWeb the 40B/180B new decoder
   * architecture (n_head_kv KV heads, ln_attn + ln_mlp). With parallel_attn and one norm, attention and MLP
   * share a single input LayerNorm (Falcon-7B).
   */
  private static Draft falcon(ConfigJson c, String type) {
    Draft d = new Draft(c, "falcon");
    d.layers = c.positiveInt("num_hidden_layers", "n_layer");
    d.hidden = c.positiveInt("hidden_size", "n_embed");
    d.heads = c.positiveInt("num_attention_heads", "n_head");
    boolean newArchitecture = switch (type) {
      case "RefinedWeb" -> true;
      case "RefinedWebModel" -> false;
      default -> c.bool("new_decoder_architecture", false);
    };
    if (newArchitecture) {
      d.kvHeads = c.optionalPositiveInt(d.heads, "num_kv_heads", "n_head_kv");
    } else {
      // Converted Falcon-7B configs may print num_kv_heads 71, but the old layout has 1 KV head when multi_query.
      boolean multiQuery = c.bool("multi_query", type.equals("falcon"));
      d.kvHeads = multiQuery ? 1 : d.heads;
    }
    d.ffn = c.optionalPositiveInt(4 * d.hidden, "ffn_hidden_size");
    d.vocab = c.positiveInt("vocab_size");
    // FalconConfig's default; the RW format has no key (2048 is the training length).
    d.maxPosition = c.optionalPositiveInt(2048, "max_position_embeddings");
    d.positional = c.bool("alibi", false) ? Positional.ALIBI : Positional.ROPE;
    d.norm = NormKind.LAYER;
    d.linearBias = c.bool("bias", false) ? LinearBias.ALL : LinearBias.NONE;
    boolean parallel = c.bool("parallel_attn", true);
    int parallelNorms = c.optionalPositiveInt(newArchitecture ? 2 : 1, "num_ln_in_parallel_attn");
    d.normsPerLayer = !parallel || parallelNorms == 2 ? 2 : 1;
    if (parallel) {
      d.notes.add("parallel attention and MLP" + (d.normsPerLayer == 1 ? " sharing one LayerNorm" : ""));
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0, "attention_dropout", "hidden_dropout");
    return d;
  }

  private static void noteQuantization(ConfigJson c, Draft d) {
    JsonNode q = c.root.get("quantization_config");
    if (q != null && q.isObject() && q.hasNonNull("quant_method")) {
      d.notes.add("checkpoint quantized with " + q.get("quant_method").asText()
          + "; counts are parameters, not stored bytes");
    }
  }

  /** The fields of a ModelSpec while a family method fills them in. */
  private static final class Draft {
    final ConfigJson config;
    final String family;
    int layers;
    int hidden;
    int heads;
    int kvHeads;
    int headDim;
    int ffn;
    boolean gatedMlp;
    int vocab;
    boolean tiedEmbeddings;
    int maxPosition;
    NormKind norm = NormKind.RMS;
    int normsPerLayer = 2;
    Positional positional = Positional.ROPE;
    int positionRows;
    LinearBias linearBias = LinearBias.NONE;
    boolean qkNorm;
    boolean embeddingNorm;
    boolean dropout;
    MoeSpec moe;
    MlaSpec mla;
    final List<String> notes = new ArrayList<>();

    Draft(ConfigJson config, String family) {
      this.config = config;
      this.family = family;
    }

    /** Llama-style flags: attention_bias puts a bias on q, k, v and o; mlp_bias on every MLP projection. */
    void biases(boolean attention, boolean mlp) {
      if (attention && mlp) {
        linearBias = LinearBias.ALL;
      } else if (attention) {
        linearBias = LinearBias.QKV;
        notes.add("attention_bias true: the o_proj bias (hidden per layer) is not counted");
      } else {
        linearBias = LinearBias.NONE;
        if (mlp) {
          notes.add("mlp_bias true: MLP biases are not counted");
        }
      }
    }

    ModelSpec build() {
      // Check with the config's own key names before ModelSpec checks with its own.
      if (mla == null && kvHeads > 0 && heads % kvHeads != 0) {
        throw config.error("num_attention_heads " + heads + " is not a multiple of the " + kvHeads
            + " key/value heads");
      }
      if (headDim == 0 && hidden % heads != 0) {
        throw config.error("hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads
            + " and there is no head_dim");
      }
      return new ModelSpec(config.modelName(), List.of(), family, layers, hidden, heads, kvHeads, headDim, ffn,
          gatedMlp, vocab, tiedEmbeddings, maxPosition, norm, normsPerLayer, positional, positionRows,
          linearBias, qkNorm, embeddingNorm, dropout, moe, mla, null, "Hugging Face config.json: " + config.path,
          notes.isEmpty() ? null : String.join("; ", notes));
    }
  }

  /** A parsed config.json with typed look-ups whose errors name the file and the key. */
  private static final class ConfigJson {
    final Path path;
    final JsonNode root;

    private ConfigJson(Path path, JsonNode root) {
      this.path = path;
      this.root = root;
    }

    static ConfigJson parse(Path path) {
      JsonNode root;
      try (InputStream in = Files.newInputStream(path)) {
        root = JSON.readTree(in);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw new MalformedInputException(prefix(path) + "not valid JSON" + where + ": "
            + firstLine(e.getOriginalMessage()));
      } catch (NoSuchFileException e) {
        throw new MalformedInputException(prefix(path) + "no such file");
      } catch (AccessDeniedException e) {
        throw new MalformedInputException(prefix(path) + "permission denied");
      } catch (IOException e) {
        throw new MalformedInputException(prefix(path) + "cannot read: " + e.getMessage());
      }
      if (root == null || root.isMissingNode()) {
        throw new MalformedInputException(prefix(path) + "the file is empty");
      }
      if (!root.isObject()) {
        throw new MalformedInputException(prefix(path) + "expected a JSON object, found " + kind(root));
      }
      return new ConfigJson(path, root);
    }

    private static String prefix(Path path) {
      return "config.json at " + path + ": ";
    }

    MalformedInputException error(String what) {
      return new MalformedInputException(prefix(path) + what);
    }

    /** _name_or_path when the file has one, else the folder holding config.json, else the file name. */
    String modelName() {
      String named = text("_name_or_path", "");
      if (!named.isBlank()) {
        return named;
      }
      Path file = path.toAbsolutePath().normalize();
      String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
      if (fileName.equals("config.json") && file.getParent() != null && file.getParent().getFileName() != null) {
        return file.getParent().getFileName().toString();
      }
      return fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    /** The first of the keys that is present and not null, or null. */
    private String keyOf(String... keys) {
      for (String key : keys) {
        if (root.hasNonNull(key)) {
          return key;
        }
      }
      return null;
    }

    int positiveInt(String... keys) {
      String key = keyOf(keys);
      if (key == null) {
        throw error("missing " + String.join(" or ", keys));
      }
      return atLeast(key, 1);
    }

    int nonNegativeInt(String key) {
      if (keyOf(key) == null) {
        throw error("missing " + key);
      }
      return atLeast(key, 0);
    }

    int optionalPositiveInt(int fallback, String... keys) {
      String key = keyOf(keys);
      return key == null ? fallback : atLeast(key, 1);
    }

    Integer optionalNonNegativeInt(Integer fallback, String... keys) {
      String key = keyOf(keys);
      return key == null ? fallback : atLeast(key, 0);
    }

    private int atLeast(String key, int min) {
      int value = wholeNumber(key, root.get(key));
      if (value < min) {
        throw error(key + " must be " + (min == 1 ? "positive" : "zero or more") + ", got " + value);
      }
      return value;
    }

    private int wholeNumber(String key, JsonNode node) {
      if (node.isIntegralNumber() && node.canConvertToInt()) {
        return node.intValue();
      }
      if (node.isFloatingPointNumber()) {
        double v = node.doubleValue();
        if (v == Math.rint(v) && Math.abs(v) <= Integer.MAX_VALUE) {
          return (int) v;
        }
      }
      throw error(key + " must be a whole number, got " + shown(node));
    }

    boolean bool(String key, boolean fallback) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isBoolean()) {
        throw error(key + " must be true or false, got " + shown(node));
      }
      return node.booleanValue();
    }

    String text(String key, String fallback) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return fallback;
      }
      if (!node.isTextual()) {
        throw error(key + " must be a string, got " + shown(node));
      }
      return node.textValue();
    }

    List<Integer> intList(String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw error(key + " must be a list of layer numbers, got " + shown(node));
      }
      List<Integer> values = new ArrayList<>();
      for (JsonNode item : node) {
        values.add(wholeNumber(key, item));
      }
      return values;
    }

    /** Whether any of the dropout rates is above zero; an absent rate takes the family's default. */
    boolean anyDropout(double fallback, String... keys) {
      for (String key : keys) {
        JsonNode node = root.get(key);
        double rate;
        if (node == null || node.isNull()) {
          rate = fallback;
        } else if (node.isNumber()) {
          rate = node.doubleValue();
        } else {
          throw error(key + " must be a number, got " + shown(node));
        }
        if (rate > 0) {
          return true;
        }
      }
      return false;
    }

    private static String shown(JsonNode node) {
      String text = node.toString();
      return text.length() > 40 ? text.substring(0, 37) + "..." : text;
    }

    private static String kind(JsonNode node) {
      return node.isArray() ? "a list" : node.isTextual() ? "a string" : node.isNumber() ? "a number" : node.toString();
    }

    private static String firstLine(String text) {
      if (text == null) {
        return "unreadable";
      }
      int nl = text.indexOf('\n');
      return nl < 0 ? text : text.substring(0, nl);
    }
  }
}
