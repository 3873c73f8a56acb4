package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;
import org.llmplan.model.NormKind;

/**
 * GPT-J and Phi (1, 1.5, 2): attention and a dense GELU MLP side by side after one shared LayerNorm, partial
 * rotary positions (no parameters), an untied head. The head's bias (vocab values) is not counted; GPT-J's
 * attention has no biases but is counted with them (4 x hidden per layer), so GPT-J comes out about 0.4M
 * above its checkpoint and Phi 2 exactly the head bias below.
 *
 * @param gptjKeys whether the file uses GPT-J's key names (n_embd, n_layer, n_head, n_inner, n_positions)
 */
record ParallelBlock(boolean gptjKeys) implements ModelTypeReader {
  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, modelType);
    d.layers = c.positiveInt(gptjKeys ? "n_layer" : "num_hidden_layers");
    d.hidden = c.positiveInt(gptjKeys ? "n_embd" : "hidden_size");
    d.heads = c.positiveInt(gptjKeys ? "n_head" : "num_attention_heads");
    d.kvHeads = gptjKeys ? d.heads : c.optionalPositiveInt(d.heads, "num_key_value_heads");
    d.ffn = gptjKeys ? c.optionalPositiveInt(4 * d.hidden, "n_inner") : c.positiveInt("intermediate_size");
    d.vocab = c.positiveInt("vocab_size");
    d.maxPosition = c.optionalNonNegativeInt(2048, gptjKeys ? "n_positions" : "max_position_embeddings");
    d.norm = NormKind.LAYER;
    d.normsPerLayer = 1;
    d.linearBias = LinearBias.ALL;
    d.tiedEmbeddings = c.bool("tie_word_embeddings", false);
    d.dropout = c.anyDropout(0, "resid_pdrop", "embd_pdrop", "attn_pdrop");
    d.note("parallel attention and MLP sharing one LayerNorm; the LM head bias is not counted"
        + (gptjKeys ? "; attention biases counted though GPT-J has none (4 x hidden per layer)" : ""));
    return d;
  }
}
