package org.llmplan.estimate;

import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.llmplan.error.InvalidValueException;

/** Reads the counts, durations and sizes people type: 175B, 7e9, 350M, 1.5T, 15_000; 1h, 90s, 50ms; 150KB. */
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
   * A token budget or parameter count: a count as {@link #parseCount}, refused below a million, where a bare
   * number is surely a forgotten suffix ({@code --tokens 15} meant 15T or 15B, not 15 tokens).
   */
  public static double parseLargeCount(String name, String text, String things) {
    double value = parseCount(name, text);
    if (value < 1e6) {
      throw new InvalidValueException(name + " " + text.trim() + " reads as " + (long) value + " " + things
          + ", too few to plan; write the suffix: " + text.trim() + "B (billions) or " + text.trim() + "T (trillions)");
    }
    return value;
  }

  /**
   * A duration in seconds: a number with a unit ms, s, m (or min), h or d ({@code 1h}, {@code 90s},
   * {@code 50ms}); a bare number is refused, since 500 may mean 500 ms or 500 s.
   */
  public static double parseSeconds(String name, String text) {
    String t = text == null ? "" : text.trim();
    if (!t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1))) {
      throw new InvalidValueException(name + " " + t + " has no unit (it would read as " + t + " s); write " + t
          + "ms, " + t + "s or " + t + "min");
    }
    return withUnit(name, text, unit -> switch (unit) {
      case "s" -> 1;
      case "ms" -> 1e-3;
      case "m", "min" -> 60;
      case "h" -> 3600;
      case "d" -> 86400;
      default -> Double.NaN;
    }, "seconds", "a duration such as 1h, 90s or 50ms", 1e9);
  }

  /** A size in bytes: a number with a unit B, kB, MB, GB, TB or KiB, MiB, GiB, or a bare number of bytes. */
  public static double parseBytes(String name, String text) {
    return withUnit(name, text, unit -> switch (unit) {
      case "", "b" -> 1;
      case "kb" -> 1e3;
      case "mb" -> 1e6;
      case "gb" -> 1e9;
      case "tb" -> 1e12;
      case "kib" -> 1024;
      case "mib" -> 1024.0 * 1024;
      case "gib" -> 1024.0 * 1024 * 1024;
      default -> Double.NaN;
    }, "bytes", "a size such as 150KB, 2MiB or 1.5MB", 1e15);
  }

  /** A number followed by a unit that {@code scaleOf} turns into a factor (NaN for units it does not know). */
  private static double withUnit(String name, String text, ToDoubleFunction<String> scaleOf, String unitName,
      String example, double max) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    int unitAt = t.length();
    while (unitAt > 0 && Character.isLetter(t.charAt(unitAt - 1))) {
      unitAt--;
    }
    double value;
    try {
      value = Double.parseDouble(t.substring(0, unitAt)) * scaleOf.applyAsDouble(t.substring(unitAt));
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (Double.isNaN(value)) {
      throw new InvalidValueException(name + " must be " + example + ", got '" + text + "'");
    }
    return InvalidValueException.requireInRange(name + " (" + unitName + ")", value, 0, max);
  }
}
