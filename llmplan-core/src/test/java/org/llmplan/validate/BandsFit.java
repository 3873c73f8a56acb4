package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.llmplan.trust.BandCoverage;
import org.llmplan.trust.BandsFile;
import org.llmplan.trust.ErrorBands;
import org.llmplan.trust.ErrorBands.Residual;

/**
 * Fits bands on validation residuals, checks their leave-one-family-out coverage and that the shipped file is
 * the fitted one; {@code -Dllmplan.writeBands=true} rewrites the file (that run fails once, by design).
 */
final class BandsFit {
  private BandsFit() {}

  /** The held-out report, printed per family, after the shipped file is checked against the fit. */
  static BandCoverage.Report check(String source, String resource, List<Residual> residuals) throws IOException {
    double widening = BandCoverage.fitWidening(residuals);
    BandCoverage.Report r = BandCoverage.leaveOneFamilyOut(residuals, widening);
    System.out.print(table(r));
    BandsFile fitted = BandsFile.of(source, ErrorBands.fit(residuals, widening));
    Path shipped = Path.of("src", "main", "resources").resolve(resource.substring(1));
    if (Boolean.getBoolean("llmplan.writeBands")) {
      Files.createDirectories(shipped.getParent());
      Files.writeString(shipped, fitted.json());
    }
    assertThat(BandsFile.embedded(resource).json()).as("shipped bands are the fitted ones; rerun with "
        + "-Dllmplan.writeBands=true").isEqualTo(fitted.json());
    return r;
  }

  static String table(BandCoverage.Report r) {
    StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
        "widening %.2f %% per unit of distance; %d rows, covered %.1f %%, median width %.1f %%%n",
        r.wideningPct(), r.rows(), 100 * r.covered(), r.medianWidthPct()));
    r.families().forEach(f -> table.append(String.format(Locale.ROOT,
        "  %-60s %3d rows  covered %5.1f %%  width %5.1f %%%n", f.family(), f.rows(), 100 * f.covered(),
        f.medianWidthPct())));
    return table.toString();
  }
}
