package org.llmplan.serving;

import java.util.Optional;
import org.llmplan.error.InvalidValueException;

/**
 * Latency targets at the 99th percentile over requests. An infinite target means none.
 *
 * @param ttftP99Seconds time to first token that 99 % of requests must not exceed
 * @param tpotP99Seconds time per output token that 99 % of requests must not exceed
 */
public record Slo(double ttftP99Seconds, double tpotP99Seconds) {
  public Slo {
    for (double target : new double[] {ttftP99Seconds, tpotP99Seconds}) {
      if (!(target > 0)) {
        throw new InvalidValueException("latency targets must be above 0 seconds, got TTFT p99 " + ttftP99Seconds
            + " s and TPOT p99 " + tpotP99Seconds + " s");
      }
    }
    if (ttftP99Seconds == Double.POSITIVE_INFINITY && tpotP99Seconds == Double.POSITIVE_INFINITY) {
      throw new InvalidValueException("give at least one latency target: a TTFT p99 or a TPOT p99");
    }
  }

  /** The first target that {@code m} misses, said with both numbers; empty when every target is met. */
  public Optional<String> miss(ServingMetrics m) {
    if (m.ttftSeconds().p99() > ttftP99Seconds) {
      return Optional.of("TTFT p99 is " + Seconds.format(m.ttftSeconds().p99()) + ", above the target "
          + Seconds.format(ttftP99Seconds));
    }
    if (m.tpotSeconds().p99() > tpotP99Seconds) {
      return Optional.of("TPOT p99 is " + Seconds.format(m.tpotSeconds().p99()) + ", above the target "
          + Seconds.format(tpotP99Seconds));
    }
    return Optional.empty();
  }
}
