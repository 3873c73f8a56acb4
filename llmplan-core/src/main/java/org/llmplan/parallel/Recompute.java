package org.llmplan.parallel;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/**
 * Activation recomputation (Korthikanti et al. 2022): none, selective (re-run the attention core so its
 * s-squared tensors are not stored), or full (store only each layer's input and re-run the layer).
 */
public enum Recompute {
  NONE,
  SELECTIVE,
  FULL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Recompute parse(String text) {
    for (Recompute r : values()) {
      if (r.label().equalsIgnoreCase(text.trim())) {
        return r;
      }
    }
    throw new InvalidValueException("unknown recompute mode '" + text + "': use none, selective or full");
  }
}
