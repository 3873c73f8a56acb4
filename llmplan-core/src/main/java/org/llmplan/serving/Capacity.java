package org.llmplan.serving;

/** The answer of a {@link CapacitySearch}: the rate one deployment sustains, or why none. */
public sealed interface Capacity {
  /** The lowest-load figures: requests served one at a time. */
  ServingMetrics unloaded();

  /**
   * @param maxRatePerSecond the highest request rate found to meet the targets (within the search tolerance)
   * @param atMaxRate the simulation at that rate
   * @param simulations simulations the search ran, the unloaded one included
   */
  record Sustained(double maxRatePerSecond, ServingMetrics atMaxRate, ServingMetrics unloaded, int simulations)
      implements Capacity {}

  /** @param reason a sentence starting "infeasible, because" that names the target missed and the numbers */
  record Infeasible(String reason, ServingMetrics unloaded) implements Capacity {}
}
