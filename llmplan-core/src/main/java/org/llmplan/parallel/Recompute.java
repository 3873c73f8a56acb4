package org.llmplan.parallel;

import java.util.Locale;
import org.llmplan.error.Choices;

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
    return Choices.parse("recompute mode", text, values(), Recompute::label);
  }
}
