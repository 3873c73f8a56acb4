package org.llmplan.serving;

import java.util.Locale;
import java.util.SplittableRandom;
import org.llmplan.error.InvalidValueException;

/**
 * When requests arrive: the gaps between consecutive arrivals. Every kind draws gaps of mean 1 / rate from a
 * unit-rate sample divided by the rate, so the same seed at a higher rate gives the same arrival pattern
 * compressed in time (and the same request lengths): a rate sweep compares like with like.
 */
public sealed interface ArrivalProcess {
  double ratePerSecond();

  /** Seconds from one arrival to the next. */
  double nextGap(SplittableRandom random);

  /** The same kind of process at another mean rate. */
  ArrivalProcess atRate(double ratePerSecond);

  String describe();

  /** Independent arrivals (exponential gaps): many users acting on their own. */
  record Poisson(double ratePerSecond) implements ArrivalProcess {
    public Poisson {
      RequestRates.require(ratePerSecond);
    }

    @Override
    public double nextGap(SplittableRandom random) {
      return random.nextExponential() / ratePerSecond;
    }

    @Override
    public ArrivalProcess atRate(double rate) {
      return new Poisson(rate);
    }

    @Override
    public String describe() {
      return "Poisson, " + RequestRates.format(ratePerSecond);
    }
  }

  /** Evenly spaced arrivals, one every 1 / rate seconds: a load generator at a fixed rate. */
  record Constant(double ratePerSecond) implements ArrivalProcess {
    public Constant {
      RequestRates.require(ratePerSecond);
    }

    @Override
    public double nextGap(SplittableRandom random) {
      return 1 / ratePerSecond;
    }

    @Override
    public ArrivalProcess atRate(double rate) {
      return new Constant(rate);
    }

    @Override
    public String describe() {
      return "constant, " + RequestRates.format(ratePerSecond);
    }
  }

  /**
   * Bursty arrivals: gamma-distributed gaps with coefficient of variation cv (standard deviation over mean of
   * the gaps). cv 1 is Poisson; above 1 arrivals bunch into bursts separated by lulls, below 1 they are more
   * regular. Vidur's synthetic generator offers the same (gamma inter-arrival times with a CV).
   */
  record Gamma(double ratePerSecond, double cv) implements ArrivalProcess {
    public Gamma {
      RequestRates.require(ratePerSecond);
      InvalidValueException.requireInRange("the gamma arrivals' cv", cv, 0.05, 20);
    }

    @Override
    public double nextGap(SplittableRandom random) {
      double shape = 1 / (cv * cv);
      return standardGamma(shape, random) / (shape * ratePerSecond);
    }

    @Override
    public ArrivalProcess atRate(double rate) {
      return new Gamma(rate, cv);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "gamma (bursty, cv %.2f), %s", cv, RequestRates.format(ratePerSecond));
    }

    /**
     * A gamma(shape, 1) sample by Marsaglia and Tsang, "A simple method for generating gamma variables" (ACM
     * TOMS 2000), with their boost U^(1/shape) for shapes below one.
     */
    static double standardGamma(double shape, SplittableRandom random) {
      if (shape < 1) {
        return standardGamma(shape + 1, random) * Math.pow(random.nextDouble(), 1 / shape);
      }
      double d = shape - 1.0 / 3;
      double c = 1 / Math.sqrt(9 * d);
      while (true) {
        double x;
        double v;
        do {
          x = random.nextGaussian();
          v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        double u = random.nextDouble();
        double x2 = x * x;
        if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
          return d * v;
        }
      }
    }
  }

  /**
   * Reads arrivals as a user writes them: {@code poisson:50}, {@code constant:10/s}, {@code gamma:50,cv=3}
   * (rates per second unless written per minute or hour: {@code 600/min}).
   */
  static ArrivalProcess parse(String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.indexOf(':');
    if (colon < 0) {
      throw new InvalidValueException("arrivals '" + text + "' need a rate: write poisson:50, constant:50 or "
          + "gamma:50,cv=3 (requests per second)");
    }
    String kind = t.substring(0, colon);
    String[] args = t.substring(colon + 1).split(",", -1);
    double rate = RequestRates.parse(args[0]);
    if (args.length == 1) {
      return of(kind, rate);
    }
    if (args.length == 2) {
      return of(kind + ":" + args[1], rate);
    }
    throw new InvalidValueException("cannot read the arrivals '" + text + "': write poisson:50, constant:50 or "
        + "gamma:50,cv=3");
  }

  /** Arrivals of a kind ({@code poisson}, {@code constant}, {@code gamma:cv=3}) at a rate given apart. */
  static ArrivalProcess of(String kind, double ratePerSecond) {
    String k = kind == null ? "" : kind.trim().toLowerCase(Locale.ROOT);
    if (k.equals("poisson")) {
      return new Poisson(ratePerSecond);
    }
    if (k.equals("constant")) {
      return new Constant(ratePerSecond);
    }
    if (k.startsWith("gamma:")) {
      String cv = k.substring("gamma:".length()).trim();
      cv = cv.startsWith("cv=") ? cv.substring(3) : cv;
      try {
        return new Gamma(ratePerSecond, Double.parseDouble(cv));
      } catch (NumberFormatException e) {
        throw new InvalidValueException("cannot read the gamma arrivals' cv '" + cv + "': write gamma:cv=3");
      }
    }
    if (k.equals("gamma")) {
      throw new InvalidValueException("gamma arrivals need their burstiness: write gamma:cv=3 (cv 1 is Poisson)");
    }
    throw new InvalidValueException("unknown arrivals '" + kind + "': use poisson, constant or gamma:cv=N");
  }
}
