package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/** BLOOM: ALiBi, a LayerNorm after the word embedding, biases everywhere, MLP 4 x hidden. */
final class Bloom implements ModelTypeReader {

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, "bloom");
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
    d.note("MLP width 4 x hidden (BloomMLP; not a config key)");
    return d;
  }
}
