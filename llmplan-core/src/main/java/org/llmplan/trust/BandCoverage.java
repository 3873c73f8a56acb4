package org.llmplan.trust;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.llmplan.trust.ErrorBands.Residual;

/**
 * How well bands generalise: each family is left out in turn, bands are fitted on the others, and the held-out
 * rows are counted inside or outside the band the rest gives them. A band that never misses is too wide, so
 * the median width is reported beside the share covered. The widening per unit of distance is the one whose
 * leave-one-family-out coverage comes nearest the {@link #TARGET} share.
 */
public final class BandCoverage {
  /** The share of measurements a band is meant to hold: the 10th to the 90th percentile. */
  public static final double TARGET = 0.8;
  private static final double STEP_PCT = 0.25;
  private static final double MAX_WIDENING_PCT = 40;

  /** One held-out family: its rows, the share inside their bands, and the bands' median width in percent. */
  public record FamilyCoverage(String family, int rows, double covered, double medianWidthPct) {}

  /** All held-out families together, row-weighted, and each. */
  public record Report(double wideningPct, int rows, double covered, double medianWidthPct,
      List<FamilyCoverage> families) {}

  private BandCoverage() {}

  /** A held-out row: its error, and the unwidened band and distance of its nearest family among the others. */
  private record Held(String family, double errorPct, Band unwidened) {
    boolean inside(double wideningPct) {
      double widen = wideningPct * unwidened.distance();
      return errorPct >= unwidened.lowPct() - widen && errorPct <= unwidened.highPct() + widen;
    }

    double width(double wideningPct) {
      return unwidened.highPct() - unwidened.lowPct() + 2 * wideningPct * unwidened.distance();
    }
  }

  public static Report leaveOneFamilyOut(List<Residual> residuals, double wideningPct) {
    return report(heldOut(residuals), wideningPct);
  }

  /** The widening (0 to 40 % per unit, in 0.25 % steps) whose held-out coverage is nearest the target. */
  public static double fitWidening(List<Residual> residuals) {
    List<Held> held = heldOut(residuals);
    double best = 0;
    double bestGap = Double.MAX_VALUE;
    for (double w = 0; w <= MAX_WIDENING_PCT; w += STEP_PCT) {
      double gap = Math.abs(report(held, w).covered() - TARGET);
      if (gap < bestGap) {
        best = w;
        bestGap = gap;
      }
    }
    return best;
  }

  /** Bands do not depend on the widening, so each family is left out once and its rows kept with their band. */
  private static List<Held> heldOut(List<Residual> residuals) {
    Map<String, List<Residual>> byFamily = new TreeMap<>();
    residuals.forEach(r -> byFamily.computeIfAbsent(r.where().familyKey(), k -> new ArrayList<>()).add(r));
    List<Held> held = new ArrayList<>();
    for (Map.Entry<String, List<Residual>> family : byFamily.entrySet()) {
      List<Residual> rest = residuals.stream().filter(r -> !r.where().familyKey().equals(family.getKey())).toList();
      if (!rest.isEmpty()) {
        ErrorBands bands = ErrorBands.fit(rest, 0);
        family.getValue().forEach(r -> held.add(new Held(family.getKey(), r.errorPct(), bands.around(r.where()))));
      }
    }
    return held;
  }

  private static Report report(List<Held> held, double wideningPct) {
    Map<String, List<Held>> byFamily = new LinkedHashMap<>();
    held.forEach(h -> byFamily.computeIfAbsent(h.family(), k -> new ArrayList<>()).add(h));
    List<FamilyCoverage> families = new ArrayList<>();
    byFamily.forEach((family, rows) -> families.add(new FamilyCoverage(family, rows.size(), covered(rows,
        wideningPct), median(rows.stream().map(h -> h.width(wideningPct)).toList()))));
    return new Report(wideningPct, held.size(), covered(held, wideningPct),
        median(held.stream().map(h -> h.width(wideningPct)).toList()), families);
  }

  private static double covered(List<Held> rows, double wideningPct) {
    return rows.isEmpty() ? 0 : rows.stream().filter(h -> h.inside(wideningPct)).count() / (double) rows.size();
  }

  private static double median(List<Double> values) {
    if (values.isEmpty()) {
      return 0;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return ErrorBands.quantile(sorted, 0.5);
  }
}
