package org.llmplan.view;

import java.util.List;
import org.llmplan.watch.Reading;
import org.llmplan.watch.WatchReport;

/**
 * JSON of `llmplan watch --json` (docs/json.md): every figure against its plan, the verdict and its likely causes.
 *
 * @param kind training or serving, as the plan file says
 * @param drifting the exit code's answer: true exits 1
 */
public record WatchView(int schemaVersion, String kind, String window, boolean drifting, List<Figure> readings,
    List<String> causes) {

  public static WatchView of(String kind, WatchReport report) {
    return new WatchView(TrainingMemoryView.SCHEMA_VERSION, kind, report.window(), report.drifting(),
        report.readings().stream().map(Figure::of).toList(), report.causes());
  }

  /**
   * One figure; a value Prometheus or the plan does not have is left out.
   *
   * @param verdict on plan, drifting, no data, or shown (a health signal with no bound)
   */
  public record Figure(String what, String unit, Double planned, Double observed, Double bound, String verdict) {
    static Figure of(Reading r) {
      return new Figure(r.what(), r.unit(), Finite.orAbsent(r.planned()), Finite.orAbsent(r.observed()),
          Finite.orAbsent(r.limit()), r.verdict() == Reading.Verdict.SHOWN ? "shown" : r.verdict().label());
    }
  }
}
