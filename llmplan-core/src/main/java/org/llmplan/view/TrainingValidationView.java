package org.llmplan.view;

import java.util.List;
import java.util.Map;
import org.llmplan.validate.ComparedRow;
import org.llmplan.validate.ErrorSummary;
import org.llmplan.validate.MemoryComparison;
import org.llmplan.validate.SkippedRow;
import org.llmplan.validate.ValidationReport;

/**
 * JSON of `validate training --json` (docs/validation.md): rows, skipped rows with reasons and the summary
 * (the engine's own {@link SkippedRow} and {@link ErrorSummary}), the summary of each validation family, and the
 * memory rows when the file has them.
 *
 * @param memoryRows absent unless the file has memory columns; so is {@code memorySummary}
 */
public record TrainingValidationView(List<Row> rows, List<SkippedRow> skipped, ErrorSummary summary,
    List<Family> families, List<MemoryRow> memoryRows, ErrorSummary memorySummary) {

  public static TrainingValidationView of(ValidationReport report) {
    boolean memory = report.memorySummary() != null;
    return new TrainingValidationView(report.rows().stream().map(Row::of).toList(), report.skipped(),
        report.summary(), Family.of(report.byFamily()), memory ? report.memoryRows().stream().map(MemoryRow::of).toList() : null,
        report.memorySummary());
  }

  /**
   * One published figure and the prediction.
   *
   * @param metric the CSV column of the quantity
   * @param convention the source's FLOP count where the metric needs one, else absent
   * @param errorPct (predicted - measured) / measured x 100
   */
  public record Row(String id, String model, int gpus, String gpu, String layout, String metric, String convention,
      double measured, double predicted, double errorPct, List<String> assumptions, String family) {

    static Row of(ComparedRow r) {
      return new Row(r.id(), r.model(), r.gpus(), r.gpu(), r.layout(), r.metric().column(),
          r.convention() == null ? null : r.convention().label(), r.measured(), r.predicted(), r.errorPct(),
          r.assumptions(), r.family());
    }
  }

  /** The error of one validation family's rows (source framework, dense or MoE). */
  public record Family(String family, int count, Double medianAbsErrorPct, Double p90AbsErrorPct,
      Double maxAbsErrorPct) {

    static List<Family> of(Map<String, ErrorSummary> families) {
      return families.entrySet().stream().map(e -> new Family(e.getKey(), e.getValue().count(),
          e.getValue().medianAbsErrorPct(), e.getValue().p90AbsErrorPct(), e.getValue().maxAbsErrorPct())).toList();
    }
  }

  /** One published memory figure and the prediction, in GiB per GPU. */
  public record MemoryRow(String id, String model, String metric, double measured, double predicted,
      double errorPct) {

    static MemoryRow of(MemoryComparison m) {
      return new MemoryRow(m.id(), m.model(), m.metric(), m.measuredGib(), m.predictedGib(), m.errorPct());
    }
  }
}
