package org.llmplan.model;

/** Which linear layers carry a bias: none (Llama), only Q/K/V (Qwen2), or all of them (GPT-2, BLOOM, OPT). */
public enum LinearBias {
  NONE,
  QKV,
  ALL
}
