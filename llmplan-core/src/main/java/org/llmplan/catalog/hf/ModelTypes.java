package org.llmplan.catalog.hf;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model_type values read, one row each: the reader of that family and, for Llama-like families, the
 * traits in which it differs. Reading a new model_type is one row here (plus a reader class when its keys
 * are new).
 */
public final class ModelTypes {
  private static final Map<String, ModelTypeReader> READERS = new LinkedHashMap<>();

  static {
    // The order is the one errors list them in.
    row("llama", RotaryGated.of(Biases.ATTENTION_AND_MLP_FLAGS));
    row("mistral", RotaryGated.of(Biases.NONE));
    row("mixtral", RotaryGated.of(Biases.NONE).withExperts(Experts.MIXTRAL));
    row("qwen2", RotaryGated.of(Biases.QKV));
    row("qwen2_moe", RotaryGated.of(Biases.QKV_UNLESS_OFF).withExperts(Experts.QWEN_WITH_SHARED_EXPERT));
    row("qwen3", RotaryGated.of(Biases.ATTENTION_FLAG).withQkNorm());
    row("qwen3_moe", RotaryGated.of(Biases.ATTENTION_FLAG).withQkNorm().withExperts(Experts.QWEN));
    row("gpt_oss", RotaryGated.of(Biases.GPT_OSS).withExperts(Experts.GPT_OSS));
    row("deepseek_v2", new DeepSeek("greedy"));
    row("deepseek_v3", new DeepSeek("noaux_tc"));
    // Gemma 2: pre- and post-norm around both attention and MLP; Gemma2Config ties by default.
    row("gemma2", RotaryGated.of(Biases.ATTENTION_FLAG).withTiedEmbeddings().withNormsPerLayer(4));
    row("gemma", RotaryGated.of(Biases.ATTENTION_FLAG).withTiedEmbeddings());
    row("gemma3_text", new Gemma3());
    row("gemma3", new Gemma3());
    row("phi3", RotaryGated.of(Biases.NONE));
    row("phi", new ParallelBlock(false));
    row("gptj", new ParallelBlock(true));
    row("gpt2", new Gpt2());
    row("gpt_neox", new GptNeox());
    row("opt", new Opt());
    row("bloom", new Bloom());
    row("falcon", Falcon.TRANSFORMERS);
    row("RefinedWeb", Falcon.REFINED_WEB);
    row("RefinedWebModel", Falcon.REFINED_WEB_MODEL);
  }

  private ModelTypes() {}

  private static void row(String modelType, ModelTypeReader reader) {
    READERS.put(modelType, reader);
  }

  /** The model_type values read, in the order errors list them. */
  public static List<String> supported() {
    return List.copyOf(READERS.keySet());
  }

  /** The file's keys as a draft model, read by the reader of its model_type. */
  public static ModelDraft read(ConfigJson config) {
    String type = config.text("model_type", null);
    if (type == null) {
      throw config.error("missing model_type (supported: " + String.join(", ", supported()) + ")");
    }
    ModelTypeReader reader = READERS.get(type);
    if (reader == null) {
      throw config.error("unsupported model_type '" + type + "' (supported: " + String.join(", ", supported())
          + ")");
    }
    return reader.read(config, type);
  }
}
