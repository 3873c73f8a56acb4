package org.llmplan.reliability;

/**
 * The compute time between checkpoints that minimises expected lost time, for a checkpoint that costs
 * {@code delta} seconds and failures {@code mtbf} seconds apart on average (shared/reference/
 * inference-network-storage.md 4.4).
 */
public final class CheckpointInterval {
  private CheckpointInterval() {}

  /** Young (CACM 1974): sqrt(2 delta M), first order in delta / M. */
  public static double young(double delta, double mtbf) {
    return Math.sqrt(2 * delta * mtbf);
  }

  /**
   * Daly (FGCS 2006), higher order: sqrt(2 delta M) [1 + sqrt(delta / 2M) / 3 + (delta / 2M) / 9] - delta
   * for delta below 2M; M otherwise.
   */
  public static double daly(double delta, double mtbf) {
    if (delta >= 2 * mtbf) {
      return mtbf;
    }
    double x = delta / (2 * mtbf);
    return young(delta, mtbf) * (1 + Math.sqrt(x) / 3 + x / 9) - delta;
  }
}
