package org.llmplan.estimate;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Reads the counts and durations people type: 175B, 7e9, 350M, 1.5T, 15_000; 1h, 90s, 50ms. */
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

  /**
   * A duration in seconds: a number with a unit ms, s, m (or min), h or d, or a bare number of seconds
   * ({@code 1h}, {@code 90s}, {@code 50ms}, {@code 2.5}); {@code name} labels the error message.
   */
  public static double parseSeconds(String name, String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    int unitAt = t.length();
    while (unitAt > 0 && Character.isLetter(t.charAt(unitAt - 1))) {
      unitAt--;
    }
    double scale = switch (t.substring(unitAt)) {
      case "", "s" -> 1;
      case "ms" -> 1e-3;
      case "m", "min" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> Double.NaN;
    };
    double value;
    try {
      value = Double.parseDouble(t.substring(0, unitAt)) * scale;
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (Double.isNaN(value)) {
      throw new InvalidValueException(name + " must be a duration such as 1h, 90s or 50ms, got '" + text + "'");
    }
    return InvalidValueException.requireInRange(name + " (seconds)", value, 0, 1e9);
  }
}
