package org.llmplan.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fastest {@code capacity} candidates seen so far, in {@link Candidate#FASTEST} order, one per step time
 * (of candidates exactly as fast as each other only the first is kept: see {@link Candidate#sameSpeed}). One
 * search task fills one per GPU group; the search merges them.
 */
final class TopPlans {
  private final int capacity;
  private final List<Candidate> kept = new ArrayList<>();

  TopPlans(int capacity) {
    this.capacity = capacity;
  }

  /** The slowest step time that can still enter, or infinity while there is room. */
  double threshold() {
    return kept.size() < capacity ? Double.POSITIVE_INFINITY : kept.get(kept.size() - 1).stepSeconds();
  }

  void offer(Candidate c) {
    if (c.stepSeconds() > threshold()) {
      return;
    }
    int at = Collections.binarySearch(kept, c, Candidate.FASTEST);
    if (at >= 0) {
      return; // the same layout again
    }
    at = -at - 1;
    if (at > 0 && c.sameSpeed(kept.get(at - 1))) {
      return; // an equally fast plan with more memory to spare is already kept
    }
    if (at < kept.size() && c.sameSpeed(kept.get(at))) {
      kept.set(at, c); // this one is as fast with more memory to spare
      return;
    }
    kept.add(at, c);
    if (kept.size() > capacity) {
      kept.remove(kept.size() - 1);
    }
  }

  void addAll(TopPlans other) {
    other.kept.forEach(this::offer);
  }

  List<Candidate> list() {
    return List.copyOf(kept);
  }
}
