package org.llmplan.catalog.hf;

import org.llmplan.model.LinearBias;

/** How a Llama-like family's config.json says which linear layers carry a bias. */
@FunctionalInterface
interface Biases {
  void read(ConfigJson config, ModelDraft draft);

  /** No biases in the modelling code (Mistral, Mixtral, Phi-3). */
  Biases NONE = (c, d) -> d.linearBias = LinearBias.NONE;

  /** Qwen2Attention: q/k/v bias, o_proj none. */
  Biases QKV = (c, d) -> d.linearBias = LinearBias.QKV;

  /** Qwen2-MoE: q/k/v bias unless qkv_bias is false. */
  Biases QKV_UNLESS_OFF = (c, d) -> d.linearBias = c.bool("qkv_bias", true) ? LinearBias.QKV : LinearBias.NONE;

  /**
   * GPT-OSS: attention_bias (true in its configs) puts a bias on q, k, v and o; it has no dense MLP, so ALL is
   * exactly those. The experts' own biases are not counted (ModelDraft note).
   */
  Biases GPT_OSS = (c, d) -> {
    d.linearBias = c.bool("attention_bias", true) ? LinearBias.ALL : LinearBias.NONE;
    d.note("expert biases (3 x intermediate_size per expert per layer) and attention sinks are not counted");
  };

  /** Llama: attention_bias and mlp_bias flags. */
  Biases ATTENTION_AND_MLP_FLAGS =
      (c, d) -> fromFlags(d, c.bool("attention_bias", false), c.bool("mlp_bias", false));

  /** Qwen3, Gemma 2: an attention_bias flag, never an MLP bias. */
  Biases ATTENTION_FLAG = (c, d) -> fromFlags(d, c.bool("attention_bias", false), false);

  /** Llama-style flags: attention_bias puts a bias on q, k, v and o; mlp_bias on every MLP projection. */
  private static void fromFlags(ModelDraft d, boolean attention, boolean mlp) {
    if (attention && mlp) {
      d.linearBias = LinearBias.ALL;
    } else if (attention) {
      d.linearBias = LinearBias.QKV;
      d.note("attention_bias true: the o_proj bias (hidden per layer) is not counted");
    } else {
      d.linearBias = LinearBias.NONE;
      if (mlp) {
        d.note("mlp_bias true: MLP biases are not counted");
      }
    }
  }
}
