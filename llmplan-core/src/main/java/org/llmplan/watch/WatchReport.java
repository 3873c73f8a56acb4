package org.llmplan.watch;

import java.util.List;

/**
 * A run against its plan over one window: every figure, and the likely causes of any drift.
 *
 * @param causes what the health signals point at, most specific first; empty when nothing is off
 */
public record WatchReport(String window, List<Reading> readings, List<String> causes) {
  public WatchReport {
    readings = List.copyOf(readings);
    causes = List.copyOf(causes);
  }

  /** Whether any figure is off plan, or a health signal says it is about to be. */
  public boolean drifting() {
    return readings.stream().anyMatch(r -> r.verdict() == Reading.Verdict.DRIFTING) || !causes.isEmpty();
  }

  /** Whether Prometheus held none of the run's own figures (wrong server, or nothing scraped yet). */
  public boolean blind() {
    return readings.stream().allMatch(r -> r.verdict() == Reading.Verdict.NO_DATA);
  }
}
