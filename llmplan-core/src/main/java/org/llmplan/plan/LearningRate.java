package org.llmplan.plan;

import org.llmplan.error.InvalidValueException;

/**
 * The learning-rate schedule every framework's files carry: a linear warmup to the peak, then a decay to the
 * minimum over the rest of the run. llmplan does not tune hyperparameters; the defaults are the AdamW recipe of
 * GPT-3 / Llama-style pre-training (peak 3e-4, minimum a tenth of it, cosine decay; Touvron et al. 2023, "Llama 2",
 * section 2.2) and the user's options replace them.
 *
 * @param peak learning rate after warmup
 * @param minimum learning rate at the end of the decay
 * @param warmupFraction share of the steps spent warming up
 * @param decay "cosine", "linear" or "constant"
 */
public record LearningRate(double peak, double minimum, double warmupFraction, String decay) {
  private static final java.util.List<String> DECAYS = java.util.List.of("cosine", "linear", "constant");
  public static final LearningRate DEFAULTS = new LearningRate(3.0e-4, 3.0e-5, 0.01, "cosine");

  public LearningRate {
    InvalidValueException.requireInRange("learning rate", peak, 1e-9, 10);
    InvalidValueException.requireInRange("minimum learning rate", minimum, 0, peak);
    InvalidValueException.requireInRange("warmup fraction", warmupFraction, 0, 0.5);
    if (!DECAYS.contains(decay)) {
      throw new InvalidValueException("learning-rate decay '" + decay + "' is not one of " + DECAYS);
    }
  }

  /** Warmup steps of a run of {@code steps}: at least one when there is any warmup, never the whole run. */
  public long warmupSteps(long steps) {
    long w = (long) Math.ceil(warmupFraction * steps);
    return Math.min(w, Math.max(0, steps - 1));
  }
}
