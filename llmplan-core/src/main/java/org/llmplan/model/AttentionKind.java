package org.llmplan.model;

/** Multi-head, grouped-query, multi-query or multi-head latent attention. */
public enum AttentionKind {
  MHA,
  GQA,
  MQA,
  MLA
}
