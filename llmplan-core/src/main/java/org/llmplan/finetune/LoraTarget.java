package org.llmplan.finetune;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.llmplan.error.InvalidValueException;
import org.llmplan.model.ModelSpec;

/**
 * A linear layer of a transformer block that an adapter attaches to, with the input and output widths of its
 * frozen weight. PEFT's separate q/k/v/o and gate/up/down projections (target_modules of transformers' Llama
 * names), and Megatron's fused ones as NeMo targets them: {@code qkv} (linear_qkv, NeMo "attention_qkv") and
 * {@code fc1} (linear_fc1, gate and up together).
 */
public enum LoraTarget {
  Q, K, V, QKV, O, GATE, UP, FC1, DOWN;

  /** Width of the input the frozen weight multiplies. */
  public long inputs(ModelSpec m) {
    return switch (this) {
      case O -> m.valueOutputWidth();
      case DOWN -> m.ffn();
      default -> m.hidden();
    };
  }

  /** Width of the frozen weight's output. */
  public long outputs(ModelSpec m) {
    return switch (this) {
      case Q -> m.queryWidth();
      case K, V -> m.keyValueWidth();
      case QKV -> m.queryWidth() + 2 * m.keyValueWidth();
      case O, DOWN -> m.hidden();
      case GATE, UP -> m.ffn();
      case FC1 -> (m.gatedMlp() ? 2L : 1L) * m.ffn();
    };
  }

  /** Whether tensor parallelism splits the weight's input (row-parallel) rather than its output. */
  public boolean rowParallel() {
    return this == O || this == DOWN;
  }

  /** The block input this weight reads: attention input, attention output, MLP input or MLP activation. */
  public Input input() {
    return switch (this) {
      case Q, K, V, QKV -> Input.ATTENTION_INPUT;
      case O -> Input.ATTENTION_OUTPUT;
      case GATE, UP, FC1 -> Input.MLP_INPUT;
      case DOWN -> Input.MLP_ACTIVATION;
    };
  }

  /** The four tensors a block's linear layers read: each is kept for backward only if a trainable weight reads it. */
  public enum Input { ATTENTION_INPUT, ATTENTION_OUTPUT, MLP_INPUT, MLP_ACTIVATION }

  /** Every linear layer of one block of {@code m}, once: what NF4 quantizes. */
  public static Set<LoraTarget> allLinear(ModelSpec m) {
    return m.gatedMlp() ? EnumSet.of(Q, K, V, O, GATE, UP, DOWN) : EnumSet.of(Q, K, V, O, UP, DOWN);
  }

  /**
   * Targets from a comma-separated list of names, or one of the groups {@code all-linear} (PEFT's name),
   * {@code attention} (q,k,v,o) and {@code mlp}. Refuses a name the model has no weight for and overlaps
   * such as q with qkv.
   */
  public static Set<LoraTarget> parse(String text, ModelSpec m) {
    if (text == null || text.isBlank()) {
      throw new InvalidValueException("say which layers the adapters attach to, e.g. --lora-targets q,k,v,o");
    }
    Set<LoraTarget> out = EnumSet.noneOf(LoraTarget.class);
    for (String raw : text.split(",")) {
      String name = raw.trim().toLowerCase(Locale.ROOT).replaceFirst("_proj$", "");
      switch (name) {
        case "all-linear", "all" -> out.addAll(allLinear(m));
        case "attention" -> out.addAll(EnumSet.of(Q, K, V, O));
        case "mlp" -> out.addAll(m.gatedMlp() ? EnumSet.of(GATE, UP, DOWN) : EnumSet.of(UP, DOWN));
        default -> out.add(one(name));
      }
    }
    if (out.contains(GATE) && !m.gatedMlp()) {
      throw new InvalidValueException(m.name() + " has no gate projection (its MLP is not gated); drop 'gate'");
    }
    overlap(out, QKV, EnumSet.of(Q, K, V));
    overlap(out, FC1, EnumSet.of(GATE, UP));
    return out;
  }

  private static LoraTarget one(String name) {
    for (LoraTarget t : values()) {
      if (t.name().toLowerCase(Locale.ROOT).equals(name)) {
        return t;
      }
    }
    throw new InvalidValueException("unknown LoRA target '" + name + "'; use q, k, v, o, gate, up, down, the "
        + "fused qkv or fc1, or all-linear, attention, mlp");
  }

  private static void overlap(Set<LoraTarget> targets, LoraTarget fused, Set<LoraTarget> parts) {
    if (targets.contains(fused) && parts.stream().anyMatch(targets::contains)) {
      throw new InvalidValueException("LoRA target " + fused.label() + " is the fused " + parts.stream()
          .map(LoraTarget::label).toList() + "; name either it or its parts");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
