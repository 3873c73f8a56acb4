package org.llmplan.estimate;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Durations as people type them (30d, 12h, 90min) and as they read them (41.2 days). */
public final class Durations {
  private Durations() {}

  /** A duration such as 30d, 12h, 90min, 2w or 3600s, in seconds; a bare number is refused (days or hours?). */
  public static double parseSeconds(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("_", "");
    String[][] units = {{"min", "60"}, {"s", "1"}, {"m", "60"}, {"h", "3600"}, {"d", "86400"}, {"w", "604800"}};
    double scale = Double.NaN;
    String number = t;
    for (String[] unit : units) {
      if (t.endsWith(unit[0])) {
        scale = Double.parseDouble(unit[1]);
        number = t.substring(0, t.length() - unit[0].length()).trim();
        break;
      }
    }
    if (Double.isNaN(scale) && !t.isEmpty() && Character.isDigit(t.charAt(t.length() - 1))) {
      throw new InvalidValueException(name + " " + t + " has no unit; write " + t + "d (days), " + t + "h or " + t
          + "min");
    }
    double value;
    try {
      value = Double.parseDouble(number) * scale;
    } catch (NumberFormatException e) {
      throw new InvalidValueException(name + " must be a duration such as 30d, 12h or 90min, got '" + text + "'");
    }
    return InvalidValueException.requireInRange(name + " (seconds)", value, 1, 1e10);
  }

  /** Seconds in the unit a person would choose: seconds, minutes, hours or days. */
  public static String describe(double seconds) {
    if (seconds < 120) {
      return String.format(Locale.ROOT, "%.0f s", seconds);
    }
    if (seconds < 7200) {
      return String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
    if (seconds < 3 * 86400) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
  }
}
