package org.llmplan.serving;

import java.util.Arrays;
import org.llmplan.error.InvalidValueException;

/**
 * The requests a simulation serves, in order of arrival: arrival time, prompt (input) tokens and answer
 * (output) tokens of each, as primitive arrays so that a day of traffic costs a few bytes per request.
 */
public final class Requests {
  /** More requests than any simulation here needs; it bounds memory at a few hundred MB. */
  public static final int MAX_COUNT = 20_000_000;

  private final double[] arrivalSeconds;
  private final int[] inputTokens;
  private final int[] outputTokens;

  /** Checks and copies the arrays: arrivals finite, from 0 and in order; every length 1 or more. */
  public Requests(double[] arrivalSeconds, int[] inputTokens, int[] outputTokens) {
    int n = arrivalSeconds.length;
    if (inputTokens.length != n || outputTokens.length != n) {
      throw new IllegalArgumentException("arrival, input and output arrays differ in length");
    }
    if (n == 0) {
      throw new InvalidValueException("there are no requests to serve");
    }
    if (n > MAX_COUNT) {
      throw new InvalidValueException(n + " requests are more than the " + MAX_COUNT
          + " a simulation holds: shorten the duration or lower the rate");
    }
    for (int i = 0; i < n; i++) {
      double at = arrivalSeconds[i];
      if (!(at >= 0 && at < Double.POSITIVE_INFINITY) || i > 0 && at < arrivalSeconds[i - 1]) {
        throw new InvalidValueException("request " + (i + 1) + " arrives at " + at
            + " s: arrival times must be finite, from 0 and in order");
      }
      if (inputTokens[i] < 1 || outputTokens[i] < 1) {
        throw new InvalidValueException("request " + (i + 1) + " has " + inputTokens[i] + " input and "
            + outputTokens[i] + " output tokens: every request needs at least one of each");
      }
    }
    this.arrivalSeconds = arrivalSeconds.clone();
    this.inputTokens = inputTokens.clone();
    this.outputTokens = outputTokens.clone();
  }

  public int count() {
    return arrivalSeconds.length;
  }

  public double arrivalSeconds(int i) {
    return arrivalSeconds[i];
  }

  public int inputTokens(int i) {
    return inputTokens[i];
  }

  public int outputTokens(int i) {
    return outputTokens[i];
  }

  public double lastArrivalSeconds() {
    return arrivalSeconds[count() - 1];
  }

  /** The mean arrival rate, (n - 1) arrivals over the time from the first to the last; 0 when undefined. */
  public double ratePerSecond() {
    double span = lastArrivalSeconds() - arrivalSeconds[0];
    return span > 0 ? (count() - 1) / span : 0;
  }

  /** The same requests with every arrival time multiplied by {@code factor}. */
  public Requests timeScaled(double factor) {
    double[] at = arrivalSeconds.clone();
    for (int i = 0; i < at.length; i++) {
      at[i] *= factor;
    }
    return new Requests(at, inputTokens, outputTokens);
  }

  /** The first {@code n} requests, one every {@code spacingSeconds} from time 0. */
  public Requests spaced(int n, double spacingSeconds) {
    int m = Math.min(n, count());
    double[] at = new double[m];
    for (int i = 0; i < m; i++) {
      at[i] = i * spacingSeconds;
    }
    return new Requests(at, Arrays.copyOf(inputTokens, m), Arrays.copyOf(outputTokens, m));
  }
}
