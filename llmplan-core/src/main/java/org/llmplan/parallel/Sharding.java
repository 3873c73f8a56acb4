package org.llmplan.parallel;

import org.llmplan.error.Choices;
import org.llmplan.error.InvalidValueException;

/**
 * How data-parallel ranks split the training state (Rajbhandari et al. 2020, ZeRO; PyTorch FSDP).
 * Megatron's distributed optimizer shards master weights and optimizer states like ZeRO-1.
 */
public enum Sharding {
  NONE("none", false, false, false),
  ZERO1("zero1", true, false, false),
  DISTRIBUTED_OPTIMIZER("dist-opt", true, false, false),
  ZERO2("zero2", true, true, false),
  FSDP_GRAD_OP("fsdp-grad-op", true, true, false),
  ZERO3("zero3", true, true, true),
  FSDP_FULL("fsdp-full", true, true, true),
  FSDP_HYBRID("fsdp-hybrid", true, true, true);

  private final String label;
  private final boolean optimizer;
  private final boolean gradients;
  private final boolean parameters;

  Sharding(String label, boolean optimizer, boolean gradients, boolean parameters) {
    this.label = label;
    this.optimizer = optimizer;
    this.gradients = gradients;
    this.parameters = parameters;
  }

  public String label() {
    return label;
  }

  public boolean shardsOptimizer() {
    return optimizer;
  }

  public boolean shardsGradients() {
    return gradients;
  }

  public boolean shardsParameters() {
    return parameters;
  }

  public boolean isFsdp() {
    return this == FSDP_GRAD_OP || this == FSDP_FULL || this == FSDP_HYBRID;
  }

  public static Sharding parse(String text) {
    return Choices.parse("sharding", text, values(), Sharding::label);
  }

  /** ZeRO stage number 0..3 as DeepSpeed numbers them. */
  public static Sharding zeroStage(int stage) {
    return switch (stage) {
      case 0 -> NONE;
      case 1 -> ZERO1;
      case 2 -> ZERO2;
      case 3 -> ZERO3;
      default -> throw new InvalidValueException("--zero must be 0, 1, 2 or 3, got " + stage);
    };
  }
}
