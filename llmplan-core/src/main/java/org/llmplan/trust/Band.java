package org.llmplan.trust;

import java.util.Locale;

/**
 * The interval an estimate's error falls in, as signed errors of the estimated rate against a measured one,
 * (estimate - measured) / measured in percent: {@code lowPct} and {@code highPct} bound 80 % of the nearest
 * validated family's residuals, widened by the distance to it. A duration's error is the rate's turned over
 * ({@link ErrorBands.Residual#ofDuration}), so one band serves step time and tokens per second alike.
 *
 * @param lowPct most negative error expected (the estimate below the measurement)
 * @param highPct most positive error expected (the estimate above it)
 * @param where where the estimate lies
 * @param nearest the validated family the band comes from
 * @param distance how far the estimate lies from that family ({@link Territory#distance})
 */
public record Band(double lowPct, double highPct, Territory where, ErrorBands.Family nearest, double distance) {
  /** Closer than this to a validated family counts as validated ground: same GPU generation, same kind of run. */
  public static final double VALIDATED = 0.5;
  /** An error of -90 % or below would let the measurement be ten times the estimate or unbounded; cap there. */
  private static final double FLOOR_PCT = -90;

  public Band {
    lowPct = Math.max(FLOOR_PCT, lowPct);
    if (!(highPct >= lowPct)) {
      throw new IllegalArgumentException("a band needs lowPct <= highPct");
    }
  }

  public boolean validated() {
    return distance < VALIDATED;
  }

  /** Where the measured rate (throughput, FLOP/s) of an estimated {@code rate} lies: low end first. */
  public double[] rate(double rate) {
    return new double[] {rate / (1 + highPct / 100), rate / (1 + lowPct / 100)};
  }

  /** Where the measured duration of an estimated {@code seconds} lies (a duration is one over a rate). */
  public double[] duration(double seconds) {
    return new double[] {seconds * (1 + lowPct / 100), seconds * (1 + highPct / 100)};
  }

  /** The slow end of a duration: what a pessimist plans with. */
  public double slowSeconds(double seconds) {
    return duration(seconds)[1];
  }

  /** The band as a duration's change, "-6/+9 %": where the measured time lies around the estimate. */
  public String durationPct() {
    return String.format(Locale.ROOT, "%+.0f/%+.0f %%", lowPct, highPct);
  }

  /** The band as a rate's change, "-8/+6 %": where the measured rate lies around the estimate. */
  public String ratePct() {
    double[] r = rate(100);
    return String.format(Locale.ROOT, "%+.0f/%+.0f %%", r[0] - 100, r[1] - 100);
  }

  /** One sentence on the ground the band stands on. */
  public String words() {
    String family = nearest.territory().familyKey() + " (" + nearest.rows() + " published rows)";
    if (validated()) {
      return "validated ground: " + family;
    }
    return String.format(Locale.ROOT, "no validated family near %s: the nearest is %s at distance %.1f, so the "
        + "band is widened to %s of the time; treat the estimate as a guess until it is calibrated or measured",
        where.familyKey(), family, distance, durationPct());
  }
}
