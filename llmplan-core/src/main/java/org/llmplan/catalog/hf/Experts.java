package org.llmplan.catalog.hf;

import java.util.Set;
import java.util.TreeSet;
import org.llmplan.model.MoeSpec;

/** How a Llama-like family's config.json describes its mixture-of-experts layers. */
@FunctionalInterface
interface Experts {
  /** The MoE layers, or null when every layer is dense. */
  MoeSpec read(ConfigJson config, ModelDraft draft);

  Experts NONE = (c, d) -> null;

  /** Mixtral: every layer is MoE, experts as wide as intermediate_size. */
  Experts MIXTRAL = (c, d) -> new MoeSpec(c.positiveInt("num_local_experts"), c.positiveInt("num_experts_per_tok"),
      0, d.ffn, 0, 0, 1, false, false, 0);

  /**
   * GPT-OSS: every layer MoE, experts as wide as intermediate_size, a router with a bias (transformers
   * GptOssTopKRouter: Linear(hidden, num_local_experts, bias=True)).
   */
  Experts GPT_OSS = (c, d) -> new MoeSpec(c.positiveInt("num_local_experts"), c.positiveInt("num_experts_per_tok"),
      0, d.ffn, 0, 0, 1, true, false, 0);

  /** Qwen3-MoE: routed experts only. */
  Experts QWEN = (c, d) -> qwen(c, d, false);

  /** Qwen2-MoE: routed experts and a gated shared expert. */
  Experts QWEN_WITH_SHARED_EXPERT = (c, d) -> qwen(c, d, true);

  /**
   * Qwen-MoE: a layer is MoE unless listed in mlp_only_layers, and when (layer + 1) % decoder_sparse_step == 0
   * (transformers Qwen2MoeDecoderLayer); num_experts 0 makes every layer dense.
   */
  private static MoeSpec qwen(ConfigJson c, ModelDraft d, boolean sharedExpert) {
    int experts = c.nonNegativeInt("num_experts");
    if (experts == 0) {
      d.note("num_experts 0: every layer is dense");
      return null;
    }
    int topK = c.positiveInt("num_experts_per_tok");
    int expertFfn = c.positiveInt("moe_intermediate_size");
    int step = c.optionalPositiveInt(1, "decoder_sparse_step");
    Set<Integer> mlpOnly = new TreeSet<>(c.intList("mlp_only_layers"));
    int leadingDense = 0;
    while (mlpOnly.contains(leadingDense)) {
      leadingDense++;
    }
    // MoeSpec holds leading dense layers only, which is the same pattern when the list is 0..k-1 and step 1.
    if (!mlpOnly.isEmpty() && (step != 1 || leadingDense != mlpOnly.size())) {
      throw c.error("mlp_only_layers " + mlpOnly + " with decoder_sparse_step " + step
          + " is not supported (only leading dense layers 0..k-1 with decoder_sparse_step 1)");
    }
    int sharedFfn = sharedExpert ? c.nonNegativeInt("shared_expert_intermediate_size") : 0;
    // Qwen2-MoE's shared expert is one MLP of its own width, scaled by a sigmoid gate Linear(hidden, 1).
    return new MoeSpec(experts, topK, sharedFfn > 0 ? 1 : 0, expertFfn, sharedFfn, leadingDense, step, false,
        sharedFfn > 0, 0);
  }
}
