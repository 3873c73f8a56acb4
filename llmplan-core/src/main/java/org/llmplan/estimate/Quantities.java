package org.llmplan.estimate;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Reads the counts, durations and sizes people type: 175B, 7e9, 350M, 1.5T, 15_000; 30min, 2h; 150KB. */
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

  /** A duration: a number with s, min (or m), h or d; a bare number is seconds. */
  public static double parseSeconds(String name, String text) {
    return withUnit(name + " (seconds)", text, new String[][] {{"min", "60"}, {"s", "1"}, {"m", "60"},
        {"h", "3600"}, {"d", "86400"}}, 1e9, name + " must be a duration such as 90s, 30min, 2h or 1d");
  }

  /** A size in bytes with an optional decimal (kB, MB, GB, TB) or binary (KiB, MiB, GiB) unit. */
  public static double parseBytes(String name, String text) {
    return withUnit(name + " (bytes)", text, new String[][] {{"kib", "1024"}, {"mib", "1048576"},
        {"gib", "1073741824"}, {"kb", "1e3"}, {"mb", "1e6"}, {"gb", "1e9"}, {"tb", "1e12"}, {"b", "1"}}, 1e15,
        name + " must be a size such as 150KB, 2MiB or 1.5MB");
  }

  /** A non-negative number followed by the first matching unit of {@code units} (suffix, scale). */
  private static double withUnit(String name, String text, String[][] units, double max, String example) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace(" ", "");
    double scale = 1;
    String number = t;
    for (String[] unit : units) {
      if (t.endsWith(unit[0])) {
        scale = Double.parseDouble(unit[1]);
        number = t.substring(0, t.length() - unit[0].length());
        break;
      }
    }
    try {
      return InvalidValueException.requireInRange(name, Double.parseDouble(number) * scale, 0, max);
    } catch (NumberFormatException e) {
      throw new InvalidValueException(example + ", got '" + text + "'");
    }
  }
}
