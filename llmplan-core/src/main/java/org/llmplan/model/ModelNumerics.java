package org.llmplan.model;

import org.llmplan.error.InvalidValueException;

/**
 * Constants of a model's math that change no size but must match its checkpoint and recipe: the rotary base,
 * the rotary scaling of a long-context model, the norm epsilon. Taken from the model's config.json (rope_theta,
 * rope_scaling, rms_norm_eps); null where the catalog does not state them, and then a launch file says so
 * instead of guessing.
 *
 * @param ropeTheta rotary base (rope_theta)
 * @param ropeScaling rotary frequency scaling; null for none
 * @param normEpsilon epsilon of the norms (rms_norm_eps, layer_norm_eps)
 */
public record ModelNumerics(Double ropeTheta, RopeScaling ropeScaling, Double normEpsilon) {
  public static final ModelNumerics UNKNOWN = new ModelNumerics(null, null, null);

  public ModelNumerics {
    if (ropeTheta != null) {
      InvalidValueException.requireInRange("ropeTheta", ropeTheta, 1, 1e12);
    }
    if (normEpsilon != null) {
      InvalidValueException.requireInRange("normEpsilon", normEpsilon, 1e-12, 1e-2);
    }
  }

  /**
   * Rotary scaling as config.json states it: Llama 3.1's "llama3" type scales low frequencies by 1 / factor between
   * the wavelengths set by lowFreqFactor and highFreqFactor of the original context.
   *
   * @param type rope_type ("llama3", "yarn", "linear", ...)
   * @param factor scaling factor
   * @param lowFreqFactor low_freq_factor (llama3)
   * @param highFreqFactor high_freq_factor (llama3)
   * @param originalMaxPosition original_max_position_embeddings
   */
  public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
      int originalMaxPosition) {}
}
