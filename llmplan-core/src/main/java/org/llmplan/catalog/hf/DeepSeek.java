package org.llmplan.catalog.hf;

import org.llmplan.model.MlaSpec;
import org.llmplan.model.MoeSpec;

/**
 * DeepSeek-V2/V3: MLA attention and fine-grained MoE after first_k_dense_replace dense layers. The
 * multi-token-prediction module (num_nextn_predict_layers) ships in the V3 checkpoint but is not part of the
 * published 671B, so it is left out.
 *
 * @param defaultTopkMethod topk_method when the file has no key (greedy in V2, noaux_tc in V3)
 */
record DeepSeek(String defaultTopkMethod) implements ModelTypeReader {

  @Override
  public ModelDraft read(ConfigJson c, String modelType) {
    ModelDraft d = new ModelDraft(c, modelType);
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
      d.note("attention_bias true: MLA projection biases not counted");
    }
    d.moe = experts(c);
    int mtp = c.optionalNonNegativeInt(0, "num_nextn_predict_layers");
    if (mtp > 0) {
      d.note("num_nextn_predict_layers " + mtp + ": the multi-token-prediction module is not counted, "
          + "as in DeepSeek's published total");
    }
    return d;
  }

  /** The routed and shared experts, or null when n_routed_experts is absent or 0. */
  private MoeSpec experts(ConfigJson c) {
    Integer experts = c.optionalNonNegativeInt(null, "n_routed_experts");
    if (experts == null || experts == 0) {
      return null;
    }
    int layerFreq = c.optionalPositiveInt(1, "moe_layer_freq");
    if (layerFreq != 1) {
      throw c.error("moe_layer_freq " + layerFreq + " is not supported (only 1: every layer after "
          + "first_k_dense_replace is MoE)");
    }
    // noaux_tc routing (V3) adds a learned per-expert bias, e_score_correction_bias, to the router.
    String topkMethod = c.text("topk_method", defaultTopkMethod);
    return new MoeSpec(experts, c.positiveInt("num_experts_per_tok"),
        c.optionalNonNegativeInt(0, "n_shared_experts"), c.positiveInt("moe_intermediate_size"), 0,
        c.optionalNonNegativeInt(0, "first_k_dense_replace"), 1, topkMethod.equals("noaux_tc"), false, 0);
  }
}
