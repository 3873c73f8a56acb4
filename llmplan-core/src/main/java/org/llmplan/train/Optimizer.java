package org.llmplan.train;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;
import org.llmplan.profile.PrecisionPolicy;

/** Optimizers and the state they keep per parameter. */
public enum Optimizer {
  /** Adam/AdamW: two moments (Kingma and Ba 2015), FP32 unless the policy is pure 16-bit. */
  ADAMW("adamw", 2),
  ADAM("adam", 2),
  /** SGD with momentum: one momentum buffer. */
  SGD("sgd", 1),
  /** Adafactor without momentum: factored second moment, rows + columns per matrix (Shazeer and Stern 2018). */
  ADAFACTOR("adafactor", 0),
  /**
   * 8-bit Adam (bitsandbytes, Dettmers et al. 2022): two 1-byte moments plus one FP32 absmax per 2048-element
   * block and state (block-wise quantization, section 2.1).
   */
  ADAM8BIT("adam8bit", 2);

  private final String label;
  private final int moments;

  Optimizer(String label, int moments) {
    this.label = label;
    this.moments = moments;
  }

  public String label() {
    return label;
  }

  /**
   * Optimizer-state bytes per parameter, for optimizers whose state is proportional to the parameter count.
   * Adafactor's factored state is sized from the matrix shapes instead (see ParameterCounts).
   */
  public double stateBytesPerParam(PrecisionPolicy policy) {
    return switch (this) {
      case ADAMW, ADAM, SGD -> moments * (policy.lowPrecisionStates() ? 2.0 : 4.0);
      case ADAFACTOR -> 0;
      case ADAM8BIT -> moments * (1 + 4.0 / 2048);
    };
  }

  public static Optimizer parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    for (Optimizer o : values()) {
      if (o.label.equals(t)) {
        return o;
      }
    }
    throw new InvalidValueException("unknown optimizer '" + text + "': use adamw, adam, sgd, adafactor or adam8bit");
  }
}
