package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;

/**
 * Gemma 3: four norms per block and per-head query/key norms, tied embeddings. The multimodal checkpoints
 * (model_type gemma3) hold the language model under text_config, often with only the keys that differ from
 * Gemma3TextConfig's defaults, which are used for the rest; the vision tower is not counted.
 */
final class Gemma3 implements ModelTypeReader {
  @Override
  public ModelDraft read(ConfigJson file, String modelType) {
    boolean multimodal = modelType.equals("gemma3");
    ConfigJson c = multimodal ? file.nested("text_config") : file;
    ModelDraft d = new ModelDraft(file, modelType);
    // Defaults of transformers' Gemma3TextConfig (the 4B model's values).
    d.layers = c.optionalPositiveInt(26, "num_hidden_layers");
    d.hidden = c.optionalPositiveInt(2304, "hidden_size");
    d.heads = c.optionalPositiveInt(8, "num_attention_heads");
    d.kvHeads = c.optionalPositiveInt(4, "num_key_value_heads");
    d.headDim = c.optionalPositiveInt(256, "head_dim");
    d.ffn = c.optionalPositiveInt(9216, "intermediate_size");
    d.vocab = c.optionalPositiveInt(262_208, "vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(131_072, "max_position_embeddings");
    d.gatedMlp = true;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.linearBias = c.bool("attention_bias", false) ? LinearBias.QKV : LinearBias.NONE;
    d.qkNorm = true;
    d.normsPerLayer = 4;
    if (multimodal) {
      d.note("the language model of text_config; the vision tower (vision_config) is not counted");
    }
    return d;
  }
}
