package org.llmplan.reliability;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Monte Carlo of whole runs under a {@link RunSchedule}: the distribution of time-to-train, not only its
 * mean. It jumps from failure to failure (exponential gaps are memoryless, so the segments between need no
 * simulating): a failure x seconds after a (re)start has completed floor(x / s) segments; the last of them
 * is lost too when its checkpoint was still being written. Deterministic for a seed.
 */
public final class RunSimulation {
  /** Failures simulated at most over all runs, which keeps a simulation within about a tenth of a second. */
  public static final double MAX_FAILURES = 2e7;

  /** Fewest runs worth reporting percentiles of. */
  public static final int MIN_RUNS = 100;

  private RunSimulation() {}

  /** Summary of the simulated runs. Percentiles are nearest-rank. */
  public record Outcome(int runs, long seed, double meanSeconds, double stdSeconds, double p50Seconds,
      double p90Seconds, double p99Seconds, double meanInterruptions) {}

  /** Up to {@code wanted} runs within {@link #MAX_FAILURES} expected failures; 0 below {@link #MIN_RUNS}. */
  public static int affordableRuns(RunSchedule s, int wanted) {
    double failures = s.expectedInterruptions();
    double runs = failures > 0 ? Math.min(wanted, MAX_FAILURES / failures) : wanted;
    return Double.isFinite(failures) && runs >= MIN_RUNS ? (int) runs : 0;
  }

  public static Outcome simulate(RunSchedule s, int runs, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double tau = s.intervalSeconds();
    double delta = s.stallSeconds();
    double cycle = tau + delta;
    double lag = s.persistLagSeconds();
    double mtbf = s.mtbfSeconds();
    double restart = s.restartSeconds();
    double[] totals = new double[runs];
    long failures = 0;
    for (int r = 0; r < runs; r++) {
      double remaining = s.workSeconds();
      double wall = 0;
      while (true) {
        double finish = remaining + Math.ceil(remaining / tau) * delta;
        double x = -Math.log(1 - random.nextDouble()) * mtbf;
        if (x >= finish) {
          wall += finish;
          break;
        }
        failures++;
        long done = (long) (x / cycle);
        if (done > 0 && x - done * cycle < lag) {
          done--; // the newest checkpoint was not on storage yet
        }
        remaining -= done * tau;
        wall += x + restart;
      }
      totals[r] = wall;
    }
    double mean = Arrays.stream(totals).sum() / runs;
    double variance = Arrays.stream(totals).map(t -> (t - mean) * (t - mean)).sum() / Math.max(1, runs - 1);
    Arrays.sort(totals);
    return new Outcome(runs, seed, mean, Math.sqrt(variance), rank(totals, 0.50), rank(totals, 0.90), rank(totals, 0.99),
        (double) failures / runs);
  }

  private static double rank(double[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
