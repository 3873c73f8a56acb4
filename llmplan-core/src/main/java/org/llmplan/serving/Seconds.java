package org.llmplan.serving;

import java.util.Locale;

/** Seconds the way a person reads them in a message: 850.0 ms, 2.35 s. */
public final class Seconds {
  private Seconds() {}

  public static String format(double seconds) {
    return seconds < 1 ? String.format(Locale.ROOT, "%.1f ms", seconds * 1e3)
        : String.format(Locale.ROOT, "%.2f s", seconds);
  }
}
