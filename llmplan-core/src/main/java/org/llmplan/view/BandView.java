package org.llmplan.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.trust.Band;

/**
 * How far to trust a view's estimates (docs/json.md, "band"): the error band of the nearest validated family
 * as signed errors of the estimated rate, whether that is validated ground, the sentence that says so, and the
 * interval each named figure of the view lies in ({@code ranges}, low end first).
 *
 * @param lowPct most negative error of the estimated rate expected, percent; {@code highPct} the most positive
 * @param territory where the estimate lies, as a family key (runtime / gpu / dense or moe / format / regimes)
 * @param nearestFamily the validated family the band comes from; {@code nearestRows} its published rows
 * @param distance how far the estimate lies from it (0 = inside it; validated ground below 0.5)
 * @param ranges figure name (as the view's field) to the interval the measured value should lie in
 */
public record BandView(double lowPct, double highPct, boolean validated, String territory, String nearestFamily,
    int nearestRows, double distance, String words, @Ordered Map<String, Interval> ranges) {

  /** Where a measured value should lie, {@code low} to {@code high}. */
  public record Interval(double low, double high) {
    static Interval of(double[] lowHigh) {
      return new Interval(lowHigh[0], lowHigh[1]);
    }
  }

  /** A band and the figures it applies to, added with {@link #rate} and {@link #duration}. */
  static Builder of(Band band) {
    return new Builder(band);
  }

  static final class Builder {
    private final Band band;
    private final Map<String, Interval> ranges = new LinkedHashMap<>();

    private Builder(Band band) {
      this.band = band;
    }

    /** A figure of 0 is one the view did not compute (no token budget, no price): it gets no range. */
    Builder rate(String name, Double value) {
      if (value != null && Double.isFinite(value) && value > 0) {
        ranges.put(name, Interval.of(band.rate(value)));
      }
      return this;
    }

    Builder duration(String name, Double value) {
      if (value != null && Double.isFinite(value) && value > 0) {
        ranges.put(name, Interval.of(band.duration(value)));
      }
      return this;
    }

    BandView build() {
      return new BandView(band.lowPct(), band.highPct(), band.validated(), band.where().familyKey(),
          band.nearest().territory().familyKey(), band.nearest().rows(), band.distance(), band.words(),
          new LinkedHashMap<>(ranges));
    }
  }
}
