package org.llmplan.cli.render;

import java.util.Locale;
import org.llmplan.trust.Band;

/** The error band of an estimate as text: the intervals of its figures, and the ground it stands on. */
final class BandText {
  private BandText() {}

  /** "13.72-18.42 s": where a measured duration should lie, in the precision of {@code format}. */
  static String duration(Band b, double seconds, String format, String unit) {
    double[] r = b.duration(seconds);
    return String.format(Locale.ROOT, format + "-" + format + "%s", r[0], r[1], unit);
  }

  /** "56.9k-76.4k": where a measured rate should lie, in the precision of {@code format}. */
  static String rate(Band b, double rate, String format, String unit) {
    double[] r = b.rate(rate);
    return String.format(Locale.ROOT, format + "-" + format + "%s", r[0], r[1], unit);
  }

  /** The last line of a band: "Trust: validated ground: ..." or what the band is widened to and why. */
  static String trust(Band b) {
    return "Trust: " + b.words() + "\n";
  }
}
