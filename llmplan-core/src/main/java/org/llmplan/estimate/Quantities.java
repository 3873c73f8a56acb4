package org.llmplan.estimate;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Reads the counts people type: 175B, 7e9, 350M, 1.5T, 15_000. */
public final class Quantities {
  private Quantities() {}

  /** A count with an optional K/M/B(G)/T suffix; {@code name} labels the error message. */
  public static double parseCount(String name, String text) {
    String t = text.trim().toUpperCase(Locale.ROOT).replace("_", "").replace(",", "");
    double scale = 1;
    if (t.endsWith("T")) {
      scale = 1e12;
    } else if (t.endsWith("B") || t.endsWith("G")) {
      scale = 1e9;
    } else if (t.endsWith("M")) {
      scale = 1e6;
    } else if (t.endsWith("K")) {
      scale = 1e3;
    }
    String number = scale == 1 ? t : t.substring(0, t.length() - 1);
    double value;
    try {
      value = Double.parseDouble(number) * scale;
    } catch (NumberFormatException e) {
      throw new InvalidValueException(name + " must be a count such as 175B, 7e9 or 350M, got '" + text + "'");
    }
    return InvalidValueException.requireInRange(name, value, 1, 1e15);
  }
}
