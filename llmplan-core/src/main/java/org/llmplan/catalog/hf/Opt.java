package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;
import org.llmplan.model.Positional;

/** OPT: learned positions with 2 extra rows (OPTLearnedPositionalEmbedding offset), ReLU MLP, biases. */
final class Opt implements ModelTypeReader {

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, "opt");
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
      d.note("layer_norm_elementwise_affine false: LayerNorm weights counted anyway");
    }
    if (!c.bool("do_layer_norm_before", true) || c.bool("_remove_final_layer_norm", false)) {
      d.note("no final LayerNorm in this checkpoint; 2 x hidden counted anyway");
    }
    d.tiedEmbeddings = c.bool("tie_word_embeddings", true);
    d.dropout = c.anyDropout(0.1, "dropout", "attention_dropout", "activation_dropout");
    return d;
  }
}
