package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/**
 * Accuracy of the step-time model over every published run in validation/training_published.csv. The
 * bounds are a ratchet: the best level reached so far, tightened as the model improves and never loosened.
 * The targets are median 5 % and p90 12 %; the table is printed for the record.
 */
class TrainingAccuracyTest {
  /** Best reached so far (issue target beside it). */
  private static final double MEDIAN_RATCHET = 3.85; // target 5: met (3.8 reached with the one kernel-time model)
  private static final double P90_RATCHET = 11.75; // target 12: met (11.7 reached with the one kernel-time model)

  @Test
  void publishedRunsArePredictedWithinTheRatchet() {
    ValidationReport report = new TrainingValidation(Catalog.embedded())
        .run(Path.of("..", "validation", "training_published.csv"));
    StringBuilder table = new StringBuilder();
    for (ComparedRow row : report.rows()) {
      table.append(String.format(Locale.ROOT, "%s %-28s %-26s measured %10.1f predicted %10.1f %+6.1f %%%n",
          row.id(), row.model(), row.metric().name().toLowerCase(Locale.ROOT), row.measured(), row.predicted(),
          row.errorPct()));
    }
    ErrorSummary s = report.summary();
    table.append(String.format(Locale.ROOT, "%d rows, %d skipped: median %.1f %%, p90 %.1f %%, max %.1f %%%n",
        s.count(), s.skipped(), s.medianAbsErrorPct(), s.p90AbsErrorPct(), s.maxAbsErrorPct()));
    System.out.print(table);

    assertThat(s.count()).isEqualTo(160);
    assertThat(s.medianAbsErrorPct()).as("median |error| %%").isLessThanOrEqualTo(MEDIAN_RATCHET);
    assertThat(s.p90AbsErrorPct()).as("p90 |error| %%").isLessThanOrEqualTo(P90_RATCHET);
  }
}
