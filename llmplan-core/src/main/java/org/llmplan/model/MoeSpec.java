package org.llmplan.model;

/**
 * Mixture-of-experts block.
 *
 * @param experts routed experts per MoE layer
 * @param topK experts each token is routed to
 * @param sharedExperts experts every token passes through (DeepSeek, Llama 4)
 * @param expertFfn intermediate width of one routed expert
 * @param sharedExpertFfn intermediate width of one shared expert; 0 means the routed width
 * @param denseLayers leading layers that keep a dense MLP (DeepSeek-V3 first_k_dense_replace)
 * @param layerStep every how many layers (after the dense ones) a layer is MoE; 1 means all
 * @param routerBias whether the router carries a per-expert bias (DeepSeek-V3 e_score_correction_bias)
 * @param sharedExpertGate whether a scalar sigmoid gate scales the shared expert (Qwen2-MoE)
 * @param capacityFactor tokens an expert may take relative to a perfectly even split; 0 means dropless
 * @param mtpLayers multi-token-prediction modules trained after the last layer (DeepSeek-V3's MTP, Megatron's
 *     --mtp-num-layers): each one more MoE block with a 2h -> h projection, through the shared LM head; 0 = none
 */
public record MoeSpec(
    int experts,
    int topK,
    int sharedExperts,
    int expertFfn,
    int sharedExpertFfn,
    int denseLayers,
    int layerStep,
    boolean routerBias,
    boolean sharedExpertGate,
    double capacityFactor,
    int mtpLayers) {

  public MoeSpec {
    if (sharedExpertFfn == 0) {
      sharedExpertFfn = expertFfn;
    }
    if (layerStep == 0) {
      layerStep = 1;
    }
  }

  /** A MoE block without multi-token prediction. */
  public MoeSpec(int experts, int topK, int sharedExperts, int expertFfn, int sharedExpertFfn, int denseLayers,
      int layerStep, boolean routerBias, boolean sharedExpertGate, double capacityFactor) {
    this(experts, topK, sharedExperts, expertFfn, sharedExpertFfn, denseLayers, layerStep, routerBias, sharedExpertGate,
        capacityFactor, 0);
  }

  /** Whether the layer at 0-based index {@code layer} is an MoE layer (HF convention for interleaved MoE). */
  public boolean isMoeLayer(int layer) {
    return layer >= denseLayers && (layer - denseLayers + 1) % layerStep == 0;
  }

  /** Expected token load of the busiest expert relative to the mean: the capacity factor, or 1 when dropless. */
  public double loadFactor() {
    return capacityFactor > 0 ? capacityFactor : 1.0;
  }
}
