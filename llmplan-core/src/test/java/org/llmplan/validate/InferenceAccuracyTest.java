package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * Accuracy of the serving model over every published offline run in validation/inference_published.csv, by
 * family: the 40 FP8 runs on H100/H200 the model was built on, and the 58 NVFP4 runs on B200. The bounds are
 * a ratchet: the best level reached so far, tightened as the model improves and never loosened. The table
 * is printed for the record.
 */
class InferenceAccuracyTest {
  /** FP8 on H100/H200, best reached so far (issue target beside it). */
  private static final double MEDIAN_RATCHET = 4.46; // target 10: met (4.45 reached)
  private static final double P90_RATCHET = 10.01; // target 20: met (10.00 reached)
  /** NVFP4 on B200, first reached with FP4 weights and attention DP (issue 13 target: median 6, p90 15; not met). */
  private static final double FP4_MEDIAN_RATCHET = 61.0;
  private static final double FP4_P90_RATCHET = 126.0;

  private static final List<PublishedInferenceRow> ROWS = PublishedInferenceData.read(Path.of("..", "validation",
      "inference_published.csv"));

  @Test
  void everyPublishedRowIsPredicted() {
    InferenceValidationReport report = new InferenceValidation(Catalog.embedded()).run(ROWS);
    assertThat(report.skipped()).isEmpty();
    assertThat(report.summary().count()).isEqualTo(98);
  }

  @Test
  void fp4RunsOnB200ArePredictedWithinTheirRatchet() {
    ErrorSummary s = summary("FP4");
    assertThat(s.count()).isEqualTo(58);
    assertThat(s.medianAbsErrorPct()).as("median |error| %%").isLessThanOrEqualTo(FP4_MEDIAN_RATCHET);
    assertThat(s.p90AbsErrorPct()).as("p90 |error| %%").isLessThanOrEqualTo(FP4_P90_RATCHET);
  }

  @Test
  void publishedRunsArePredictedWithinTheRatchet() {
    ErrorSummary s = summary("FP8");
    assertThat(s.count()).isEqualTo(40);
    assertThat(s.medianAbsErrorPct()).as("median |error| %%").isLessThanOrEqualTo(MEDIAN_RATCHET);
    assertThat(s.p90AbsErrorPct()).as("p90 |error| %%").isLessThanOrEqualTo(P90_RATCHET);
  }

  /** The rows of one stated precision, run and printed. */
  private static ErrorSummary summary(String precision) {
    InferenceValidationReport report = new InferenceValidation(Catalog.embedded())
        .run(ROWS.stream().filter(r -> precision.equals(r.precision())).toList());
    StringBuilder table = new StringBuilder();
    for (InferenceComparison row : report.rows()) {
      table.append(String.format(Locale.ROOT, "%s %-14s %-11s %-42s %10s B=%-24s %-24s measured %8.1f predicted "
          + "%8.1f %+6.1f %%%n", row.id(), row.model(), row.gpus() + "x" + row.gpu(), row.layout(), row.lengths(),
          row.concurrency(), row.metric().column(), row.measured(), row.predicted(), row.errorPct()));
    }
    report.skipped().forEach(r -> table.append("skipped ").append(r.id()).append(": ").append(r.reason()).append('\n'));
    ErrorSummary s = report.summary();
    table.append(String.format(Locale.ROOT, "%d rows, %d skipped: median %.2f %%, p90 %.2f %%, max %.2f %%%n",
        s.count(), s.skipped(), s.medianAbsErrorPct(), s.p90AbsErrorPct(), s.maxAbsErrorPct()));
    System.out.print(table);
    return s;
  }
}
