package org.llmplan.view;

import java.util.List;
import org.llmplan.request.InferenceRequest;
import org.llmplan.serve.ServeCandidate;
import org.llmplan.serve.ServeSearchResult;
import org.llmplan.serving.ServingCost;

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

  public static ServeSearchView of(ServeSearchResult r) {
    return new ServeSearchView(ServeView.SCHEMA_VERSION, r.workload(), r.ratePerSecond(),
        r.infeasibleReason() == null, r.infeasibleReason(), r.runnerUpReason(),
        r.ranked().stream().map(Candidate::of).toList(), r.evaluated().size(),
        r.evaluated().stream().filter(c -> c.skipped() != null).count());
  }

  /** One ranked deployment: {@code deployment} as in serve, {@code cost} as serve's {@code atTargetRate}. */
  public record Candidate(String label, InferenceRequest deployment, String disaggregated, int gpusPerReplica,
      ServeView.CapacityView capacity, ServingCost cost) {

    static Candidate of(ServeCandidate c) {
      return new Candidate(c.label(), c.deployment(), c.disaggregated(), c.gpus(),
          ServeView.CapacityView.of(c.capacity()), c.cost());
    }
  }
}
