package org.llmplan.request;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.llmplan.finetune.BaseWeights;
import org.llmplan.finetune.LoraSpec;
import org.llmplan.finetune.LoraTarget;
import org.llmplan.model.ModelSpec;

/**
 * A LoRA or QLoRA fine-tune as a user states it; all fields left out (null) mean full training. Stating any
 * of them asks for adapters, the rest taking the defaults: rank {@value #DEFAULT_RANK}, alpha twice the rank,
 * targets q,k,v,o, a bf16 base, double quantization with an NF4 base, no paged optimizer. Every field is left
 * out of plan files while unstated, so plans saved before it existed read back unchanged.
 *
 * @param loraRank the adapters' rank r
 * @param loraAlpha the scale numerator alpha (scale alpha / r)
 * @param loraTargets comma-separated layers: q, k, v, o, gate, up, down, fused qkv or fc1, or all-linear,
 *     attention, mlp
 * @param basePrecision storage of the frozen base: bf16, fp8 or nf4 (QLoRA)
 * @param doubleQuant whether NF4 scales are quantized again
 * @param pagedOptimizer whether the optimizer states are paged (bitsandbytes paged optimizers)
 */
@JsonClassDescription("LoRA / QLoRA adapters over a frozen base")
public record AdapterChoice(
    @JsonInclude(JsonInclude.Include.NON_NULL) Integer loraRank,
    @JsonInclude(JsonInclude.Include.NON_NULL) Double loraAlpha,
    @JsonInclude(JsonInclude.Include.NON_NULL) String loraTargets,
    @JsonInclude(JsonInclude.Include.NON_NULL) String basePrecision,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean doubleQuant,
    @JsonInclude(JsonInclude.Include.NON_NULL) Boolean pagedOptimizer) {

  public static final int DEFAULT_RANK = 16;
  public static final String DEFAULT_TARGETS = "q,k,v,o";

  /** Nothing stated: full training. */
  public static final AdapterChoice UNSET = new AdapterChoice(null, null, null, null, null, null);

  /** Whether anything asks for adapters. */
  public boolean stated() {
    return loraRank != null || loraAlpha != null || loraTargets != null || basePrecision != null
        || doubleQuant != null || pagedOptimizer != null;
  }

  /** The adapters over {@code model}, or null for full training; refuses bad values with what to change. */
  public LoraSpec toSpec(ModelSpec model) {
    if (!stated()) {
      return null;
    }
    int rank = loraRank != null ? loraRank : DEFAULT_RANK;
    double alpha = loraAlpha != null ? loraAlpha : 2.0 * rank;
    BaseWeights base = BaseWeights.parse(basePrecision);
    boolean dq = doubleQuant != null ? doubleQuant : base == BaseWeights.NF4;
    LoraSpec spec = new LoraSpec(rank, alpha, LoraTarget.parse(Unset.or(loraTargets, DEFAULT_TARGETS), model), base,
        dq, Boolean.TRUE.equals(pagedOptimizer));
    spec.checkModel(model);
    return spec;
  }
}
