package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.trust.BandCoverage;
import org.llmplan.trust.BandsFile;
import org.llmplan.trust.ErrorBands.Residual;

/** Error bands fitted on the public training rows cover what they claim when each family is left out. */
class TrainingBandsTest {
  private static final String SOURCE = "validation/training_published.csv, leave-one-family-out widening";

  /** A step time is a duration: its error turns over to the rate's (1 / t). */
  static Residual residual(ComparedRow r) {
    return r.metric() == Metric.ITERATION_TIME_S ? Residual.ofDuration(r.where(), r.predicted(), r.measured())
        : Residual.ofRate(r.where(), r.predicted(), r.measured());
  }

  @Test
  void leavingOutEachFamilyTheBandsCoverEightyPercentOfItsRowsGiveOrTakeTen() throws IOException {
    ValidationReport report = new TrainingValidation(Catalog.embedded())
        .run(Path.of("..", "validation", "training_published.csv"));
    List<Residual> residuals = report.rows().stream().map(TrainingBandsTest::residual).toList();
    BandCoverage.Report r = BandsFit.check(SOURCE, BandsFile.TRAINING, residuals);
    assertThat(r.covered()).as(BandsFit.table(r)).isBetween(0.7, 0.9);
  }
}
