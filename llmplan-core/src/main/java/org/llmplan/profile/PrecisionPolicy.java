package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Precision;

/**
 * What number formats the training state is kept in. Bytes per parameter for weights, gradients and an
 * FP32 master copy; optimizer states are the optimizer's business but follow {@link #lowPrecisionStates}.
 */
public enum PrecisionPolicy {
  /** BF16/FP16 params, FP32 main grads, FP32 master: Megatron-LM (dist_optimizer.md: 18 B/param with Adam). */
  MEGATRON("megatron", 2, 4, 4, false),
  /** FP16/BF16 params and grads, FP32 master: ZeRO paper accounting (16 B/param with Adam). */
  ZERO("zero", 2, 2, 4, false),
  /** FP32 params and grads, 16-bit compute under autocast: PyTorch AMP, HF Trainer --bf16 (16 B/param). */
  AMP("amp", 4, 4, 0, false),
  /** Everything in 16 bits, optimizer states too: pure BF16 training (8 B/param with Adam). */
  PURE("pure", 2, 2, 0, true);

  private final String label;
  private final double paramBytes;
  private final double gradBytes;
  private final double masterBytes;
  private final boolean lowPrecisionStates;

  PrecisionPolicy(String label, double paramBytes, double gradBytes, double masterBytes, boolean low) {
    this.label = label;
    this.paramBytes = paramBytes;
    this.gradBytes = gradBytes;
    this.masterBytes = masterBytes;
    this.lowPrecisionStates = low;
  }

  public String label() {
    return label;
  }

  /** Bytes per parameter of the weights the model computes with; FP32 training keeps 4 whatever the policy. */
  public double paramBytes(Precision compute) {
    return compute == Precision.FP32 ? 4 : paramBytes;
  }

  public double gradBytes(Precision compute) {
    return compute == Precision.FP32 ? 4 : gradBytes;
  }

  public double masterBytes(Precision compute) {
    return compute == Precision.FP32 ? 0 : masterBytes;
  }

  public boolean lowPrecisionStates() {
    return lowPrecisionStates;
  }

  public static PrecisionPolicy parse(String text) {
    for (PrecisionPolicy p : values()) {
      if (p.label.equalsIgnoreCase(text.trim())) {
        return p;
      }
    }
    throw new InvalidValueException("unknown precision policy '" + text + "': use megatron (bf16 params, fp32 "
        + "main grads and master), zero (16-bit params and grads, fp32 master), amp (fp32 params) or pure "
        + "(all 16-bit)");
  }

  @Override
  public String toString() {
    return label.toLowerCase(Locale.ROOT);
  }
}
