package org.llmplan.serving;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;

/**
 * How many tokens a request's prompt (input) or answer (output) has. Samples are whole numbers of at least
 * one token, at most {@link #MAX_TOKENS}.
 */
public sealed interface LengthDistribution {
  /** Longer than any model's context; a sample beyond it is clipped so an absurd tail cannot overflow. */
  int MAX_TOKENS = 10_000_000;

  int sample(SplittableRandom random);

  /** The expected length in tokens (before rounding to whole tokens). */
  double mean();

  /** What a person reads: "fixed 1000", "uniform 100-1000", ... */
  String describe();

  /** Every request has the same length. */
  record Fixed(int tokens) implements LengthDistribution {
    public Fixed {
      requireLength("a fixed length", tokens);
    }

    @Override
    public int sample(SplittableRandom random) {
      return tokens;
    }

    @Override
    public double mean() {
      return tokens;
    }

    @Override
    public String describe() {
      return "fixed " + tokens;
    }
  }

  /** Every whole length from min to max (both included) is equally likely. */
  record Uniform(int min, int max) implements LengthDistribution {
    public Uniform {
      requireLength("the uniform minimum", min);
      requireLength("the uniform maximum", max);
      if (max < min) {
        throw new InvalidValueException("uniform lengths need min <= max, got " + min + "-" + max
            + ": write uniform:MIN-MAX");
      }
    }

    @Override
    public int sample(SplittableRandom random) {
      return random.nextInt(min, max + 1);
    }

    @Override
    public double mean() {
      return (min + max) / 2.0;
    }

    @Override
    public String describe() {
      return "uniform " + min + "-" + max;
    }
  }

  /**
   * Lengths whose logarithm is normal with mean mu and standard deviation sigma, the usual fit of chat prompt
   * and answer lengths (long right tail). The median is exp(mu) and the mean exp(mu + sigma^2 / 2).
   */
  record LogNormal(double mu, double sigma) implements LengthDistribution {
    /** The 90th percentile of a standard normal, to read sigma from a p50/p90 pair. */
    static final double Z90 = 1.2815515655446004;

    public LogNormal {
      InvalidValueException.requireInRange("the log-normal sigma", sigma, 0, 5);
      InvalidValueException.requireInRange("the log-normal median", Math.exp(mu), 1e-3, MAX_TOKENS);
    }

    /** The distribution with this mean length and log-space standard deviation. */
    public static LogNormal ofMean(double meanTokens, double sigma) {
      InvalidValueException.requireInRange("the log-normal mean", meanTokens, 1, MAX_TOKENS);
      InvalidValueException.requireInRange("the log-normal sigma", sigma, 0, 5);
      return new LogNormal(Math.log(meanTokens) - sigma * sigma / 2, sigma);
    }

    /** The distribution with this median and 90th percentile. */
    public static LogNormal ofPercentiles(double p50, double p90) {
      InvalidValueException.requireInRange("the log-normal p50", p50, 1, MAX_TOKENS);
      if (!(p90 >= p50)) {
        throw new InvalidValueException("the log-normal p90 must be at least its p50 " + p50 + ", got " + p90);
      }
      return new LogNormal(Math.log(p50), Math.log(p90 / p50) / Z90);
    }

    @Override
    public int sample(SplittableRandom random) {
      return clip(Math.exp(mu + sigma * random.nextGaussian()));
    }

    @Override
    public double mean() {
      return Math.exp(mu + sigma * sigma / 2);
    }

    @Override
    public String describe() {
      return String.format(Locale.ROOT, "log-normal mean %.0f, median %.0f, sigma %.2f", mean(), Math.exp(mu),
          sigma);
    }
  }

  /** Lengths drawn with replacement from measured ones (a file of one length per line). */
  record Empirical(int[] lengths, String source) implements LengthDistribution {
    public Empirical {
      if (lengths.length == 0) {
        throw new InvalidValueException(source + ": no lengths to sample from");
      }
      lengths = lengths.clone();
    }

    @Override
    public int sample(SplittableRandom random) {
      return lengths[random.nextInt(lengths.length)];
    }

    @Override
    public double mean() {
      double sum = 0;
      for (int length : lengths) {
        sum += length;
      }
      return sum / lengths.length;
    }

    @Override
    public String describe() {
      return "empirical, " + lengths.length + " lengths from " + source;
    }

    /** Reads one positive whole length per line; blank lines and lines starting with # are skipped. */
    public static Empirical read(Path file) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file);
      } catch (NoSuchFileException e) {
        throw new MalformedInputException(file + ": no such file");
      } catch (IOException e) {
        throw new MalformedInputException(file + ": cannot read: " + e.getMessage(), e);
      }
      int[] lengths = new int[lines.size()];
      int count = 0;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).trim();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        try {
          lengths[count++] = TokenCounts.parse(line, "a length");
        } catch (InvalidValueException e) {
          throw new MalformedInputException(file + " line " + (i + 1) + ": expected one token count from 1 to "
              + MAX_TOKENS + ", got '" + line + "'");
        }
      }
      if (count == 0) {
        throw new MalformedInputException(file + ": no lengths in the file; write one token count per line");
      }
      return new Empirical(Arrays.copyOf(lengths, count), file.toString());
    }
  }

  /**
   * Reads a length distribution as a user writes it: {@code 1000} or {@code fixed:1000};
   * {@code uniform:100-1000}; {@code lognormal:MEAN,SIGMA} (e.g. {@code lognormal:2000,0.6}) or
   * {@code lognormal:p50=1500,p90=4000}; {@code file:PATH} for one measured length per line.
   */
  static LengthDistribution parse(String text) {
    String t = text == null ? "" : text.trim();
    int colon = t.indexOf(':');
    String kind = colon < 0 ? "fixed" : t.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String args = colon < 0 ? t : t.substring(colon + 1).trim();
    try {
      switch (kind) {
        case "fixed":
          return new Fixed(TokenCounts.parse(args, "a fixed length"));
        case "uniform": {
          String[] bounds = args.split("-", -1);
          if (bounds.length != 2) {
            break;
          }
          return new Uniform(TokenCounts.parse(bounds[0], "the uniform minimum"),
              TokenCounts.parse(bounds[1], "the uniform maximum"));
        }
        case "lognormal": {
          String[] parts = args.split(",", -1);
          if (parts.length != 2) {
            break;
          }
          String a = parts[0].trim().toLowerCase(Locale.ROOT);
          String b = parts[1].trim().toLowerCase(Locale.ROOT);
          if (a.startsWith("p50=") && b.startsWith("p90=")) {
            return LogNormal.ofPercentiles(Double.parseDouble(a.substring(4)), Double.parseDouble(b.substring(4)));
          }
          return LogNormal.ofMean(Double.parseDouble(a), Double.parseDouble(b));
        }
        case "file":
          return Empirical.read(Path.of(args));
        default:
          throw new InvalidValueException("unknown length distribution '" + kind + "' in '" + text
              + "': use fixed, uniform, lognormal or file");
      }
    } catch (NumberFormatException e) {
      // falls through to the format message below
    }
    throw new InvalidValueException("cannot read the length distribution '" + text
        + "': write 1000, uniform:100-1000, lognormal:2000,0.6, lognormal:p50=1500,p90=4000 or file:PATH");
  }

  private static int requireLength(String what, int tokens) {
    if (tokens < 1 || tokens > MAX_TOKENS) {
      throw new InvalidValueException(what + " must be between 1 and " + MAX_TOKENS + " tokens, got " + tokens);
    }
    return tokens;
  }

  private static int clip(double tokens) {
    return (int) Math.max(1, Math.min(MAX_TOKENS, Math.round(tokens)));
  }
}
