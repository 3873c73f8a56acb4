package org.llmplan.view;

import java.util.List;
import org.llmplan.calibrate.CalibratedValue;
import org.llmplan.calibrate.Calibration;
import org.llmplan.calibrate.ReferencePlans.Shift;

/**
 * JSON of `llmplan calibrate --json` (docs/json.md): the entry written, each value with where it came from, the
 * notes, and how far the overlay moves the reference plans.
 *
 * @param baseGpu the catalog entry the probe ran on; {@code gpu} the calibrated entry's name
 * @param overlay the file written, which --catalog loads through its folder
 */
public record CalibrationView(int schemaVersion, String baseGpu, String gpu, String fabric, String overlay,
    List<Value> values, List<String> notes, List<PlanShift> referencePlans) {

  public static CalibrationView of(String baseGpu, Calibration c, List<Shift> shifts, String overlay) {
    return new CalibrationView(TrainingMemoryView.SCHEMA_VERSION, baseGpu, c.gpu().name(),
        c.fabric() == null ? null : c.fabric().name(), overlay, c.values().stream().map(Value::of).toList(),
        c.notes(), shifts.stream().map(PlanShift::of).toList());
  }

  /**
   * One catalog field.
   *
   * @param measurement how the probe measured it; absent when the catalog's value is kept ({@code reason} says why)
   */
  public record Value(String field, double catalog, double calibrated, boolean fromProbe, String measurement,
      String reason) {
    static Value of(CalibratedValue v) {
      return new Value(v.field(), v.catalog(), v.calibrated(), v.fromProbe(), v.measurement(), v.reason());
    }
  }

  /** A reference plan's time on the catalog entry and on the calibrated one; change = after / before - 1. */
  public record PlanShift(String plan, double catalogSeconds, double calibratedSeconds, double change) {
    static PlanShift of(Shift s) {
      return new PlanShift(s.what(), s.beforeSeconds(), s.afterSeconds(), s.change());
    }
  }
}
