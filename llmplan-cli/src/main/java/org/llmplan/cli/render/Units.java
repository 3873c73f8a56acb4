package org.llmplan.cli.render;

import java.util.Locale;

/** Converts engine SI values to what people read: GiB for memory (as nvidia-smi), B/M for parameter counts. */
public final class Units {
  public static final double GIB = 1024.0 * 1024 * 1024;

  private Units() {}

  public static String gib(double bytes) {
    return String.format(Locale.ROOT, "%.2f", bytes / GIB);
  }

  public static String gibWithUnit(double bytes) {
    return gib(bytes) + " GiB";
  }

  /** Decimal gigabytes, the unit of datasheets and the seed's "350 GB". */
  public static String gb(double bytes) {
    return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
  }

  /** A count as a sentence reads it: 8.03B, 1.00T, 3.9M above a million, 67,813 below (thousands separated). */
  public static String count(double n) {
    if (n >= 1e12) {
      return String.format(Locale.ROOT, "%.2fT", n / 1e12);
    }
    if (n >= 1e9) {
      return String.format(Locale.ROOT, "%.2fB", n / 1e9);
    }
    if (n >= 1e6) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    return String.format(Locale.ROOT, "%,.0f", n);
  }

  /** US dollars as a person reads a bill: $950, $12.3k, $1.52M. */
  public static String usd(double amount) {
    if (amount >= 1e6) {
      return String.format(Locale.ROOT, "$%.2fM", amount / 1e6);
    }
    if (amount >= 1e4) {
      return String.format(Locale.ROOT, "$%.1fk", amount / 1e3);
    }
    return String.format(Locale.ROOT, "$%.0f", amount);
  }

  public static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  /** "optimizerStates" -> "optimizer states". */
  public static String words(String camel) {
    return camel.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
