package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/** GPT-2: learned position table of n_positions rows, biases on every linear, LayerNorm, tied head. */
final class Gpt2 implements ModelTypeReader {

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, "gpt2");
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
}
