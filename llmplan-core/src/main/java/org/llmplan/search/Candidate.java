package org.llmplan.search;

import java.util.Comparator;
import org.llmplan.parallel.Parallelism;

/**
 * One evaluated layout that fits: the plain numbers a search ranks by, before it explains the winners.
 *
 * @param group index of the (GPU, GPU count) group in the search
 * @param stepSeconds one optimizer step ({@code TrainingTimeEstimator.stepTimes(job).total()})
 * @param peakBytes memory of the most loaded GPU
 */
record Candidate(int group, Parallelism layout, double stepSeconds, double peakBytes) {

  /** Fastest first; at equal speed the one with the most memory to spare, then {@link LayoutOrder}. */
  static final Comparator<Candidate> FASTEST = Comparator.comparingDouble(Candidate::stepSeconds)
      .thenComparingInt(Candidate::group)
      .thenComparingDouble(Candidate::peakBytes)
      .thenComparing(Candidate::layout, LayoutOrder.ORDER);

  /**
   * Whether this is exactly as fast as {@code other} on the same GPUs: then the later of the two in
   * {@link #FASTEST} is as fast, as costly and no lighter, and is not worth listing (selective recompute
   * under flash attention, sharding with one data-parallel rank, ZeRO-1 next to ZeRO-2 when gradients
   * reduce the same way).
   */
  boolean sameSpeed(Candidate other) {
    return group == other.group && stepSeconds == other.stepSeconds;
  }
}
