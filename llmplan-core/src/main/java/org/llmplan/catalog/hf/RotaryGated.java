package org.llmplan.catalog.hf;

/**
 * Llama and the families built like it: RMSNorm, rotary positions, gated (SwiGLU/GeGLU) MLP. The model_types
 * of this kind differ only in the traits held here, one row each in {@link ModelTypes}.
 *
 * @param tiedByDefault tie_word_embeddings when the file has no key (the family config class's default)
 * @param biases how the family says which linear layers have a bias
 * @param qkNorm whether queries and keys are normalised per head (Qwen3)
 * @param normsPerLayer norms inside one block
 * @param experts how the family's MoE layers are read ({@link Experts#NONE} when it is dense)
 */
record RotaryGated(boolean tiedByDefault, Biases biases, boolean qkNorm, int normsPerLayer, Experts experts)
    implements ModelTypeReader {

  /** A dense, untied family with two norms per block, as most are. */
  static RotaryGated of(Biases biases) {
    return new RotaryGated(false, biases, false, 2, Experts.NONE);
  }

  RotaryGated withTiedEmbeddings() {
    return new RotaryGated(true, biases, qkNorm, normsPerLayer, experts);
  }

  RotaryGated withQkNorm() {
    return new RotaryGated(tiedByDefault, biases, true, normsPerLayer, experts);
  }

  RotaryGated withNormsPerLayer(int norms) {
    return new RotaryGated(tiedByDefault, biases, qkNorm, norms, experts);
  }

  RotaryGated withExperts(Experts moe) {
    return new RotaryGated(tiedByDefault, biases, qkNorm, normsPerLayer, moe);
  }

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, modelType);
    d.layers = c.positiveInt("num_hidden_layers");
    d.hidden = c.positiveInt("hidden_size");
    d.heads = c.positiveInt("num_attention_heads");
    d.kvHeads = c.optionalPositiveInt(d.heads, "num_key_value_heads");
    d.headDim = c.optionalPositiveInt(0, "head_dim");
    d.ffn = c.positiveInt("intermediate_size");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(0, "max_position_embeddings");
    d.gatedMlp = true;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", tiedByDefault);
    d.dropout = c.anyDropout(0, "attention_dropout", "resid_pdrop", "embd_pdrop");
    biases.read(c, d);
    d.qkNorm = qkNorm;
    d.normsPerLayer = normsPerLayer;
    d.moe = experts.read(c, d);
    return d;
  }
}
