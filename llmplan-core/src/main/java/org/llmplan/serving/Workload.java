package org.llmplan.serving;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.llmplan.error.InvalidValueException;

/** The traffic a deployment serves: generated from distributions, or replayed from a trace. */
public sealed interface Workload {
  /** The requests, the same for the same seed. */
  Requests requests(long seed);

  double ratePerSecond();

  /** The same traffic at another mean rate: the arrival pattern stretched or compressed in time. */
  Workload atRate(double ratePerSecond);

  String describe();

  /**
   * Requests arriving by {@code arrivals} from time 0 for {@code durationSeconds}, with prompt and answer
   * lengths drawn from {@code input} and {@code output}. Arrivals and the two lengths each draw from their
   * own stream split from the seed, so changing the rate leaves every request's lengths as they were.
   */
  record Synthetic(ArrivalProcess arrivals, LengthDistribution input, LengthDistribution output,
      double durationSeconds) implements Workload {
    public Synthetic {
      InvalidValueException.requireInRange("the duration (seconds)", durationSeconds, 1e-3, 1e8);
      double expected = arrivals.ratePerSecond() * durationSeconds;
      if (expected > Requests.MAX_COUNT) {
        throw tooMany(expected);
      }
    }

    private static InvalidValueException tooMany(double requests) {
      return new InvalidValueException(String.format(Locale.ROOT, "%.0f requests (rate x duration) are more "
          + "than the %d a simulation holds: shorten the duration or lower the rate", requests, Requests.MAX_COUNT));
    }

    @Override
    public Requests requests(long seed) {
      SplittableRandom root = new SplittableRandom(seed);
      SplittableRandom gaps = root.split();
      SplittableRandom inputs = root.split();
      SplittableRandom outputs = root.split();
      int capacity = (int) Math.min(Requests.MAX_COUNT, arrivals.ratePerSecond() * durationSeconds * 1.1 + 16);
      double[] at = new double[capacity];
      int[] in = new int[capacity];
      int[] out = new int[capacity];
      int n = 0;
      for (double t = arrivals.nextGap(gaps); t < durationSeconds; t += arrivals.nextGap(gaps)) {
        if (n == at.length) {
          if (n == Requests.MAX_COUNT) {
            throw tooMany(n + 1.0);
          }
          int grown = (int) Math.min(Requests.MAX_COUNT, 2L * n);
          at = Arrays.copyOf(at, grown);
          in = Arrays.copyOf(in, grown);
          out = Arrays.copyOf(out, grown);
        }
        at[n] = t;
        in[n] = input.sample(inputs);
        out[n] = output.sample(outputs);
        n++;
      }
      if (n == 0) {
        throw new InvalidValueException("no request arrives within " + durationSeconds + " s at "
            + RequestRates.format(arrivals.ratePerSecond()) + ": lengthen the duration or raise the rate");
      }
      return new Requests(Arrays.copyOf(at, n), Arrays.copyOf(in, n), Arrays.copyOf(out, n));
    }

    @Override
    public double ratePerSecond() {
      return arrivals.ratePerSecond();
    }

    @Override
    public Workload atRate(double ratePerSecond) {
      return new Synthetic(arrivals.atRate(ratePerSecond), input, output, durationSeconds);
    }

    @Override
    public String describe() {
      return arrivals.describe() + " for " + durationSeconds + " s; input " + input.describe() + "; output "
          + output.describe();
    }
  }

  /** A recorded trace replayed as it is, or stretched in time to another mean rate. */
  record Replay(Requests trace, String source) implements Workload {
    @Override
    public Requests requests(long seed) {
      return trace;
    }

    @Override
    public double ratePerSecond() {
      return trace.ratePerSecond();
    }

    @Override
    public Workload atRate(double ratePerSecond) {
      if (!(trace.ratePerSecond() > 0)) {
        throw new InvalidValueException(source + ": every request arrives at the same moment, so the trace has "
            + "no rate to scale; give it arrival times that differ");
      }
      RequestRates.require(ratePerSecond);
      return new Replay(trace.timeScaled(trace.ratePerSecond() / ratePerSecond), source);
    }

    @Override
    public String describe() {
      return "trace " + source + " (" + trace.count() + " requests, " + RequestRates.format(ratePerSecond())
          + ")";
    }
  }
}
