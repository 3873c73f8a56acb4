package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.trust.BandCoverage;
import org.llmplan.trust.BandsFile;
import org.llmplan.trust.ErrorBands.Residual;
import org.llmplan.trust.InferenceTerritory;

/**
 * Error bands fitted on the public serving rows (every compared quantity; a latency's error turned over to a
 * rate's) cover what they claim when each family (engine x GPU x dense/MoE x weight format x latency or rate x
 * TP) is left out. Regenerate with
 * {@code mvn -B -o -pl llmplan-core -am test -Dtest='TrainingBandsTest,InferenceBandsTest'
 * -Dllmplan.writeBands=true -Dsurefire.failIfNoSpecifiedTests=false} (fails once, by design), then without.
 */
class InferenceBandsTest {
  private static final String SOURCE = "validation/inference_published.csv, leave-one-family-out widening";
  private static final Catalog CATALOG = Catalog.embedded();

  @Test
  void leavingOutEachFamilyTheBandsCoverEightyPercentOfItsRowsGiveOrTakeTen() throws IOException {
    List<PublishedInferenceRow> published = PublishedInferenceData.read(Path.of("..", "validation",
        "inference_published.csv"));
    InferenceValidationReport report = new InferenceValidation(CATALOG).run(published);
    Map<String, InferenceDeployment> deployments = deployments(published);
    List<Residual> residuals = report.rows().stream().map(c -> residual(c, deployments.get(c.id()))).toList();
    assertThat(residuals).hasSize(report.rows().size());
    BandCoverage.Report r = BandsFit.check(SOURCE, BandsFile.INFERENCE, residuals);
    assertThat(r.covered()).as(BandsFit.table(r)).isBetween(0.7, 0.9);
  }

  private static Residual residual(InferenceComparison c, InferenceDeployment d) {
    boolean latency = c.metric().latency();
    var where = InferenceTerritory.of(d, latency);
    return latency ? Residual.ofDuration(where, c.predicted(), c.measured())
        : Residual.ofRate(where, c.predicted(), c.measured());
  }

  /** The replica each compared row ran, by row id, as the validation maps it. */
  private static Map<String, InferenceDeployment> deployments(List<PublishedInferenceRow> published) {
    InferenceRowMapper mapper = new InferenceRowMapper(CATALOG);
    Map<String, InferenceDeployment> out = new HashMap<>();
    for (PublishedInferenceRow row : published) {
      if (mapper.map(row) instanceof InferenceCase c) {
        out.put(c.id(), c.request().toDeployment(CATALOG));
      }
    }
    return out;
  }
}
