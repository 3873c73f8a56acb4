package org.llmplan.finetune;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.llmplan.error.InvalidValueException;
import org.llmplan.model.ModelSpec;

/**
 * A LoRA (or, over NF4 weights, QLoRA) fine-tune: every targeted weight W of every block gains B A, A of
 * rank x inputs and B of outputs x rank, scaled by alpha / rank (Hu et al. 2021, eq. 3); the base stays frozen.
 * Only the adapters have gradients and optimizer states. A paged optimizer (QLoRA section 3) keeps its states
 * in CUDA unified memory, which the driver pages to the host when the GPU runs out.
 *
 * @param rank the adapters' rank r
 * @param alpha the scale numerator (PEFT lora_alpha, NeMo alpha)
 * @param targets the linear layers adapted in every block
 * @param base how the frozen weights are stored
 * @param doubleQuant whether NF4 scales are quantized again (QLoRA's double quantization)
 * @param pagedOptimizer whether the optimizer states are paged (bitsandbytes paged_adamw)
 */
public record LoraSpec(int rank, double alpha, Set<LoraTarget> targets, BaseWeights base, boolean doubleQuant,
    boolean pagedOptimizer) {

  public LoraSpec {
    InvalidValueException.requireInRange("LoRA rank", rank, 1, 65_536);
    InvalidValueException.requireInRange("LoRA alpha", alpha, 1e-6, 1e6);
    if (targets == null || targets.isEmpty()) {
      throw new InvalidValueException("LoRA needs at least one target layer, e.g. --lora-targets q,k,v,o");
    }
    targets = Set.copyOf(EnumSet.copyOf(targets));
    base = base == null ? BaseWeights.BF16 : base;
    if (doubleQuant && base != BaseWeights.NF4) {
      throw new InvalidValueException("double quantization applies to NF4 base weights; drop it or use "
          + "--base-precision nf4");
    }
  }

  /** Refuses models whose blocks this adapter model does not describe. */
  public void checkModel(ModelSpec m) {
    if (m.isMoe()) {
      throw new InvalidValueException("LoRA on MoE models (adapters per expert) is not modelled; " + m.name()
          + " is MoE: choose a dense model or a full fine-tune");
    }
    if (m.mla() != null) {
      throw new InvalidValueException("LoRA on MLA attention is not modelled; " + m.name()
          + " uses MLA: choose a dense GQA model or a full fine-tune");
    }
  }

  /** Adapter parameters of one block: r x (inputs + outputs) per target. */
  public long adapterParamsPerLayer(ModelSpec m) {
    return targets.stream().mapToLong(t -> (long) rank * (t.inputs(m) + t.outputs(m))).sum();
  }

  /** Adapter parameters of the whole model. */
  public long adapterParams(ModelSpec m) {
    return adapterParamsPerLayer(m) * m.layers();
  }

  /** Weights of one block's linear layers (without biases): what NF4 or FP8 storage applies to. */
  public static long linearWeightsPerLayer(ModelSpec m) {
    return LoraTarget.allLinear(m).stream().mapToLong(t -> t.inputs(m) * t.outputs(m)).sum();
  }

  /** Whether a trainable weight reads this block input, so that backward still needs it. */
  public boolean reads(LoraTarget.Input input) {
    return targets.stream().anyMatch(t -> t.input() == input);
  }

  /** Bytes per frozen linear weight, scales included. */
  public double baseBytesPerWeight() {
    return base.bytesPerWeight(doubleQuant);
  }

  /** The adapter scale alpha / r. */
  public double scaling() {
    return alpha / rank;
  }

  /** "QLoRA r16 (alpha 32) on q,k,v,o, NF4 + double quant" and the like. */
  public String label() {
    String kind = base == BaseWeights.NF4 ? "QLoRA" : "LoRA";
    String weights = base.label() + (doubleQuant ? " + double quant" : "") + (pagedOptimizer ? ", paged optimizer" : "");
    return kind + " r" + rank + " (alpha " + fmt(alpha) + ") on " + targetLabel() + ", base " + weights;
  }

  /** The targets as a comma-separated list in block order. */
  public String targetLabel() {
    return EnumSet.copyOf(targets).stream().map(LoraTarget::label).collect(Collectors.joining(","));
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
