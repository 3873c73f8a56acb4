package org.llmplan.validate;

import java.util.List;

/**
 * Aggregate error of a validation run over the compared rows. The statistics are null when no row was
 * compared.
 *
 * @param count rows compared
 * @param skipped rows left out
 * @param p90AbsErrorPct 90th percentile of |error| by the nearest-rank method (the ceil(0.9 n)-th smallest)
 */
public record ErrorSummary(int count, int skipped, Double medianAbsErrorPct, Double p90AbsErrorPct,
    Double maxAbsErrorPct) {

  public static ErrorSummary of(List<Double> errorPcts, int skipped) {
    double[] abs = errorPcts.stream().mapToDouble(Math::abs).sorted().toArray();
    int n = abs.length;
    if (n == 0) {
      return new ErrorSummary(0, skipped, null, null, null);
    }
    double median = n % 2 == 1 ? abs[n / 2] : (abs[n / 2 - 1] + abs[n / 2]) / 2;
    double p90 = abs[(int) Math.ceil(0.9 * n) - 1];
    return new ErrorSummary(n, skipped, median, p90, abs[n - 1]);
  }
}
