package org.llmplan.view;

import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.InferenceRequest;
import org.llmplan.serve.ServeCandidate;
import org.llmplan.serve.ServeSearchResult;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.ServingCost;
import org.llmplan.trust.Trust;

/**
 * JSON of `search serve --json` and POST /api/search/serve (docs/json.md): the deployments that meet the
 * targets, cheapest first, and how many were tried.
 *
 * @param skipped of the deployments tried, those skipped for an impossible layout or too little memory
 */
public record ServeSearchView(
    int schemaVersion,
    String workload,
    double ratePerSecond,
    boolean feasible,
    String infeasibleReason,
    String runnerUpReason,
    List<Candidate> ranked,
    int evaluated,
    long skipped) {

  /** The view; {@code catalog} resolves each ranked deployment for its band. */
  public static ServeSearchView of(ServeSearchResult r, Catalog catalog) {
    return new ServeSearchView(ServeView.SCHEMA_VERSION, r.workload(), r.ratePerSecond(),
        r.infeasibleReason() == null, r.infeasibleReason(), r.runnerUpReason(),
        r.ranked().stream().map(c -> Candidate.of(c, catalog)).toList(), r.evaluated().size(),
        r.evaluated().stream().filter(c -> c.skipped() != null).count());
  }

  /**
   * One ranked deployment: {@code deployment} as in serve, {@code cost} as serve's {@code atTargetRate};
   * {@code band} how far to trust its sustained rate and cost ({@link BandView}).
   */
  public record Candidate(String label, InferenceRequest deployment, String disaggregated, int gpusPerReplica,
      ServeView.CapacityView capacity, ServingCost cost, BandView band) {

    static Candidate of(ServeCandidate c, Catalog catalog) {
      BandView.Builder band = BandView.of(Trust.inference(c.deployment().toDeployment(catalog), false));
      if (c.capacity() instanceof Capacity.Sustained s) {
        band.rate("capacity.maxRatePerSecond", s.maxRatePerSecond());
      }
      band.duration("cost.usdPerMillionTokens", c.cost().usdPerMillionTokens());
      return new Candidate(c.label(), c.deployment(), c.disaggregated(), c.gpus(),
          ServeView.CapacityView.of(c.capacity()), c.cost(), band.build());
    }
  }
}
