package org.llmplan.serving;

import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;

/** Reads a whole number of tokens as a user types it: 1000, 2k, 1_500. */
final class TokenCounts {
  private TokenCounts() {}

  static int parse(String text, String what) {
    double value = Quantities.parseCount(what, text);
    if (value != Math.rint(value) || value > LengthDistribution.MAX_TOKENS) {
      throw new InvalidValueException(what + " must be a whole number of tokens from 1 to "
          + LengthDistribution.MAX_TOKENS + ", got '" + text.trim() + "'");
    }
    return (int) value;
  }
}
