package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.trust.BandCoverage;
import org.llmplan.trust.BandsFile;
import org.llmplan.trust.ErrorBands;
import org.llmplan.trust.ErrorBands.Residual;

/** Error bands fitted on the public training rows cover what they claim when each family is left out. */
class TrainingBandsTest {
  private static final String SOURCE = "validation/training_published.csv, leave-one-family-out widening";

  @Test
  void leavingOutEachFamilyTheBandsCoverEightyPercentOfItsRowsGiveOrTakeTen() throws IOException {
    ValidationReport report = new TrainingValidation(Catalog.embedded())
        .run(Path.of("..", "validation", "training_published.csv"));
    List<Residual> residuals = report.rows().stream().map(r -> new Residual(r.where(), r.errorPct())).toList();
    double widening = BandCoverage.fitWidening(residuals);
    BandCoverage.Report r = BandCoverage.leaveOneFamilyOut(residuals, widening);
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "widening %.2f %% per unit of distance; %d rows, covered %.1f %%, median width %.1f %%%n",
        widening, r.rows(), 100 * r.covered(), r.medianWidthPct()));
    r.families().forEach(f -> table.append(String.format(Locale.ROOT,
        "  %-60s %3d rows  covered %5.1f %%  width %5.1f %%%n", f.family(), f.rows(), 100 * f.covered(), f.medianWidthPct())));
    System.out.print(table);
    assertThat(r.covered()).as(table.toString()).isBetween(0.7, 0.9);

    BandsFile fitted = BandsFile.of(SOURCE, ErrorBands.fit(residuals, widening));
    Path shipped = Path.of("src", "main", "resources").resolve(BandsFile.TRAINING.substring(1));
    if (Boolean.getBoolean("llmplan.writeBands")) {
      Files.createDirectories(shipped.getParent());
      Files.writeString(shipped, fitted.json());
    }
    assertThat(BandsFile.embedded(BandsFile.TRAINING).json()).as("shipped bands are the fitted ones; rerun with "
        + "-Dllmplan.writeBands=true").isEqualTo(fitted.json());
  }
}
