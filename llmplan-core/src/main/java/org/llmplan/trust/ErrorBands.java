package org.llmplan.trust;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Error bands from validation residuals. Rows are grouped into families by {@link Territory#familyKey}; a
 * family's band spans the 10th to the 90th percentile of its residuals (pooled with the nearest families
 * while it has fewer than {@link #MIN_ROWS}), at least {@link #NOISE_PCT} either side of its median, the
 * run-to-run spread of published throughput. An estimate gets the band of the nearest family, widened by
 * {@code wideningPct} per unit of distance: how much the error grows away from validated ground, fitted by
 * leaving each family out in turn ({@link BandCoverage}).
 */
public final class ErrorBands {
  /** Fewer rows than this give no 10th and 90th percentile of their own. */
  static final int MIN_ROWS = 5;
  /** Published throughput of one configuration varies by about 2 % between runs and releases. */
  static final double NOISE_PCT = 2;

  /** One residual: where the row lies and the signed error of its rate in percent. */
  public record Residual(Territory where, double errorPct) {
    /** A rate (tokens/s, FLOP/s, MFU): (predicted - measured) / measured. */
    public static Residual ofRate(Territory where, double predicted, double measured) {
      return new Residual(where, (predicted - measured) / measured * 100);
    }

    /** A duration (step time, latency) is one over a rate: its rate error is measured / predicted - 1. */
    public static Residual ofDuration(Territory where, double predicted, double measured) {
      return new Residual(where, (measured / predicted - 1) * 100);
    }
  }

  /** A validated family and its band before widening. */
  public record Family(Territory territory, int rows, double lowPct, double medianPct, double highPct) {}

  private final List<Family> families;
  private final double wideningPct;

  public ErrorBands(List<Family> families, double wideningPct) {
    if (families.isEmpty()) {
      throw new IllegalArgumentException("error bands need at least one validated family");
    }
    this.families = List.copyOf(families);
    this.wideningPct = wideningPct;
  }

  /** Bands fitted on {@code residuals} with the given widening per unit of distance. */
  public static ErrorBands fit(List<Residual> residuals, double wideningPct) {
    Map<String, List<Residual>> byFamily = new LinkedHashMap<>();
    residuals.stream().sorted(Comparator.comparing(r -> r.where().familyKey()))
        .forEach(r -> byFamily.computeIfAbsent(r.where().familyKey(), k -> new ArrayList<>()).add(r));
    List<Family> families = new ArrayList<>();
    for (List<Residual> own : byFamily.values()) {
      Territory t = own.get(0).where();
      families.add(family(t, own.size(), pooled(t, own, residuals)));
    }
    return new ErrorBands(families, wideningPct);
  }

  private static List<Double> pooled(Territory t, List<Residual> own, List<Residual> all) {
    List<Double> errors = new ArrayList<>(own.stream().map(Residual::errorPct).toList());
    if (errors.size() < MIN_ROWS) {
      all.stream().filter(r -> !r.where().familyKey().equals(t.familyKey()))
          .sorted(Comparator.comparingDouble(r -> t.distance(r.where())))
          .limit(MIN_ROWS - errors.size()).forEach(r -> errors.add(r.errorPct()));
    }
    return errors;
  }

  private static Family family(Territory t, int rows, List<Double> errors) {
    double[] sorted = errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double median = quantile(sorted, 0.5);
    double low = Math.min(quantile(sorted, 0.1), median - NOISE_PCT);
    double high = Math.max(quantile(sorted, 0.9), median + NOISE_PCT);
    return new Family(t, rows, hundredths(low), hundredths(median), hundredths(high));
  }

  /** Bands to 0.01 %: finer is noise, and the shipped file stays stable under rounding-level changes. */
  private static double hundredths(double pct) {
    return Math.round(pct * 100) / 100.0;
  }

  /** Linear interpolation between order statistics (type 7, as R and NumPy default). */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  /** The band of an estimate lying at {@code t}. */
  public Band around(Territory t) {
    Family nearest = families.get(0);
    double best = Double.MAX_VALUE;
    for (Family f : families) {
      double d = t.distance(f.territory());
      if (d < best) {
        best = d;
        nearest = f;
      }
    }
    double widen = wideningPct * best;
    return new Band(nearest.lowPct() - widen, nearest.highPct() + widen, t, nearest, best);
  }

  public List<Family> families() {
    return families;
  }

  public double wideningPct() {
    return wideningPct;
  }
}
