package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;

/** GPT-NeoX (and Pythia): untied head, biased linears, two LayerNorms per layer even with parallel residual. */
final class GptNeox implements ModelTypeReader {

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, "gpt_neox");
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
      d.note("attention_bias false: attention biases counted anyway (the MLP keeps its biases)");
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", false);
    d.dropout = c.anyDropout(0, "attention_dropout", "hidden_dropout");
    if (c.bool("use_parallel_residual", true)) {
      d.note("parallel attention and MLP residual");
    }
    return d;
  }
}
