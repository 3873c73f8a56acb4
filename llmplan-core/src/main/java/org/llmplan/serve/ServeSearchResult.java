package org.llmplan.serve;

import java.util.List;
import org.llmplan.plan.ServingPlan;

/**
 * What `search serve` answers.
 *
 * @param ranked candidates that meet the targets, cheapest first (cost per hour at the target rate, then GPUs,
 *     then the higher sustained rate)
 * @param evaluated every candidate tried, in the order tried (skipped and infeasible ones included)
 * @param runnerUpReason why the second lost to the first, or null with fewer than two
 * @param infeasibleReason why none meets the targets ("infeasible, because ..."), or null when one does
 */
public record ServeSearchResult(ServeSearchRequest request, String workload, double ratePerSecond,
    List<ServeCandidate> ranked, List<ServeCandidate> evaluated, String runnerUpReason, String infeasibleReason) {
  public ServeSearchResult {
    ranked = List.copyOf(ranked);
    evaluated = List.copyOf(evaluated);
  }

  /** The plan of the cheapest deployment; there must be one. */
  public ServingPlan bestPlan() {
    ServeCandidate best = ranked.get(0);
    return ServeResult.plan(best.deployment(), best.cost().replicas(), ratePerSecond,
        request.base().on(best.deployment(), best.disaggregated()), ServePlanner.slo(request.base()));
  }
}
