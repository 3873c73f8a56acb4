package org.llmplan.search;

import java.util.List;

/**
 * What a layout search found.
 *
 * @param plans the best plans that meet the deadline and budget, best first under the objective
 * @param paretoTimeCost plans no other plan beats on both time to train and cost, fastest first
 * @param paretoTimeGpus plans no other plan beats on both time to train and GPU count, fastest first
 * @param runnerUp why the second plan lost to the first; null with fewer than two plans
 * @param infeasible when no plan meets the request: why, and what would make it feasible
 * @param notes what the search assumed or left out
 * @param guesses why plan #1's estimate is a guess (outside validated ground, or at an extreme of the space),
 *     one sentence each; empty when it is not
 * @param validated with {@code guesses}, the best plan on validated ground away from the extremes; null when
 *     #1 is such a plan or none was kept
 */
public record SearchResult(
    SearchSpec spec,
    List<Plan> plans,
    List<Plan> paretoTimeCost,
    List<Plan> paretoTimeGpus,
    RunnerUp runnerUp,
    List<String> infeasible,
    List<String> notes,
    Stats stats,
    List<String> guesses,
    Plan validated) {

  public SearchResult {
    guesses = List.copyOf(guesses);
    plans = List.copyOf(plans);
    paretoTimeCost = List.copyOf(paretoTimeCost);
    paretoTimeGpus = List.copyOf(paretoTimeGpus);
    infeasible = List.copyOf(infeasible);
    notes = List.copyOf(notes);
  }

  public boolean feasible() {
    return !plans.isEmpty();
  }

  /**
   * How much was searched.
   *
   * @param space legal layouts: every combination of the dimensions, offload variants included
   * @param checked layouts whose memory was computed; the others cannot fit (a smaller micro-batch of the same
   *     layout did not) or need no offload (the same layout fits without it)
   * @param fitting layouts that fit in memory, each of which was timed
   * @param rejected layouts the job's rules refused (0 unless the enumeration has a bug)
   * @param groups (GPU, GPU count) pairs searched
   * @param seconds wall time of the search
   * @param stopReason why the search stopped early, null when it covered the whole space
   */
  public record Stats(long space, long checked, long fitting, long rejected, int groups, double seconds,
      String stopReason) {
    public boolean complete() {
      return stopReason == null;
    }
  }
}
