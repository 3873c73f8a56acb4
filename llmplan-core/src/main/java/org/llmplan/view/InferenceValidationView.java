package org.llmplan.view;

import java.util.List;
import org.llmplan.validate.ErrorSummary;
import org.llmplan.validate.InferenceComparison;
import org.llmplan.validate.InferenceValidationReport;
import org.llmplan.validate.SkippedRow;

/** JSON of `validate inference --json` (docs/validation.md): the shape of `validate training`. */
public record InferenceValidationView(List<Row> rows, List<SkippedRow> skipped, ErrorSummary summary) {

  public static InferenceValidationView of(InferenceValidationReport report) {
    return new InferenceValidationView(report.rows().stream().map(Row::of).toList(), report.skipped(),
        report.summary());
  }

  /**
   * One published serving figure and the prediction.
   *
   * @param lengths "input/output"
   * @param concurrency sequences in flight per replica and what limits them
   * @param metric the CSV column of the quantity
   */
  public record Row(String id, String model, int gpus, String gpu, String layout, String lengths,
      String concurrency, String metric, double measured, double predicted, double errorPct,
      List<String> assumptions) {

    static Row of(InferenceComparison r) {
      return new Row(r.id(), r.model(), r.gpus(), r.gpu(), r.layout(), r.lengths(), r.concurrency(),
          r.metric().column(), r.measured(), r.predicted(), r.errorPct(), r.assumptions());
    }
  }
}
