package org.llmplan.model;

/**
 * Forward FLOPs per token of a model: 2 per weight of every matrix the token passes through (attention
 * projections, dense MLP or its routed top-k and shared experts, router, LM head), and the attention scores
 * and their product with values, 4 x seq x query width per layer without the causal halving (Kaplan et al.
 * 2020; Narayanan et al. 2021 eq. 3). Training is 3 x forward (backward is twice the forward).
 */
public final class FlopCount {
  private FlopCount() {}

  /** Weights per token in matrix multiplies: attention projections, MLP/experts, router, LM head. */
  public static double matmulParamsPerToken(ModelSpec m) {
    ParameterCounts pc = m.parameters();
    double h = m.hidden();
    double attention;
    if (m.mla() != null) {
      attention = pc.attentionSharded() + pc.attentionReplicated();
    } else {
      attention = h * (m.queryWidth() + 2 * m.keyValueWidth()) + m.valueOutputWidth() * h;
    }
    int matrices = m.gatedMlp() ? 3 : 2;
    double dense = m.denseLayers() * (attention + matrices * h * m.ffn());
    double moe = 0;
    if (m.isMoe()) {
      MoeSpec e = m.moe();
      moe = m.moeLayers() * (attention + h * e.experts()
          + matrices * h * ((double) e.topK() * e.expertFfn() + (double) e.sharedExperts() * e.sharedExpertFfn()));
    }
    return dense + moe + h * m.vocab();
  }

  /** Forward FLOPs of one token in a sequence of {@code seq} tokens, without the causal halving. */
  public static double forwardPerToken(ModelSpec m, int seq) {
    return 2 * matmulParamsPerToken(m) + attentionForwardPerToken(m, seq);
  }

  /** QK^T and AV of one token against {@code seq} keys, all layers, without the causal halving. */
  public static double attentionForwardPerToken(ModelSpec m, int seq) {
    return (double) m.layers() * 2 * seq * (m.queryWidth() + m.valueOutputWidth());
  }
}
