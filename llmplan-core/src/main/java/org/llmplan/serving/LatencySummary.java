package org.llmplan.serving;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * Mean, percentiles and maximum of one latency, in seconds. A percentile p is the nearest-rank value: the
 * smallest sample that at least p % of the samples do not exceed. All zero when there is no sample.
 *
 * @param count how many samples there were
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double max) {
  static final LatencySummary NONE = new LatencySummary(0, 0, 0, 0, 0, 0);

  /** Summarises the first {@code n} values, sorting them in place. */
  static LatencySummary of(double[] values, int n) {
    if (n == 0) {
      return NONE;
    }
    Arrays.sort(values, 0, n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += values[i];
    }
    return new LatencySummary(n, sum / n, rank(values, n, 50), rank(values, n, 90), rank(values, n, 99),
        values[n - 1]);
  }

  /** From a histogram of nanoseconds (percentiles to its precision) with the exact sum and maximum. */
  static LatencySummary of(Histogram nanos, double sumSeconds, double maxSeconds) {
    long n = nanos.getTotalCount();
    if (n == 0) {
      return NONE;
    }
    return new LatencySummary(n, sumSeconds / n, seconds(nanos, 50, maxSeconds), seconds(nanos, 90, maxSeconds),
        seconds(nanos, 99, maxSeconds), maxSeconds);
  }

  private static double rank(double[] sorted, int n, double percent) {
    int index = (int) Math.ceil(percent / 100 * n) - 1;
    return sorted[Math.max(0, index)];
  }

  /** The histogram reports the top of a bucket; never above the exact maximum. */
  private static double seconds(Histogram nanos, double percent, double maxSeconds) {
    return Math.min(maxSeconds, nanos.getValueAtPercentile(percent) * 1e-9);
  }
}
