package org.llmplan.serving;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Request rates as people write and read them: 50, 50/s, 600/min, 1000/h. */
public final class RequestRates {
  /** The highest rate accepted: far beyond what one deployment serves, low enough to stay meaningful. */
  public static final double MAX_PER_SECOND = 1e6;

  private RequestRates() {}

  /** Fails unless the rate is above 0 and at most {@link #MAX_PER_SECOND}. */
  public static double require(double ratePerSecond) {
    if (!(ratePerSecond > 0 && ratePerSecond <= MAX_PER_SECOND)) {
      throw new InvalidValueException("the request rate must be above 0 and at most " + (long) MAX_PER_SECOND
          + " per second, got " + ratePerSecond);
    }
    return ratePerSecond;
  }

  /** Requests per second from a number with an optional /s, /min or /h. */
  public static double parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    int slash = t.indexOf('/');
    String per = slash < 0 ? "s" : t.substring(slash + 1).trim();
    double scale = switch (per) {
      case "s", "sec" -> 1;
      case "min", "m" -> 1 / 60.0;
      case "h", "hour" -> 1 / 3600.0;
      default -> Double.NaN;
    };
    try {
      double rate = Double.parseDouble(slash < 0 ? t : t.substring(0, slash)) * scale;
      if (!Double.isNaN(rate)) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidValueException("cannot read the request rate '" + text + "': write requests per second "
        + "such as 50 or 50/s, or 600/min, 1000/h");
  }

  public static String format(double ratePerSecond) {
    return String.format(Locale.ROOT, ratePerSecond >= 10 ? "%.1f requests/s" : "%.3g requests/s", ratePerSecond);
  }
}
