package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * Accuracy of the serving model over every published offline run in validation/inference_published.csv. The
 * bounds are a ratchet: the best level reached so far, tightened as the model improves and never loosened.
 * The targets are median 10 % and p90 20 %; the table is printed for the record.
 */
class InferenceAccuracyTest {
  /** Best reached so far (issue target beside it). */
  private static final double MEDIAN_RATCHET = 4.46; // target 10: met (4.45 reached)
  private static final double P90_RATCHET = 10.01; // target 20: met (10.00 reached)

  @Test
  void publishedRunsArePredictedWithinTheRatchet() {
    InferenceValidationReport report = new InferenceValidation(Catalog.embedded())
        .run(Path.of("..", "validation", "inference_published.csv"));
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

    assertThat(s.count()).isEqualTo(40);
    assertThat(s.medianAbsErrorPct()).as("median |error| %%").isLessThanOrEqualTo(MEDIAN_RATCHET);
    assertThat(s.p90AbsErrorPct()).as("p90 |error| %%").isLessThanOrEqualTo(P90_RATCHET);
  }
}
