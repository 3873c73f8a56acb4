package org.llmplan.search;

import org.llmplan.parallel.Parallelism;

/**
 * What one search task (a group and one TP/CP/PP shape of its layouts) found: its fastest plans, the layouts
 * it covered, checked, found fitting and rejected, and the leanest layout that did not fit.
 */
final class TaskResult {
  final TopPlans top;
  long size;
  long checked;
  long fitting;
  long rejected;
  double leanestBytes = Double.POSITIVE_INFINITY;
  Parallelism leanest;

  TaskResult(int capacity) {
    top = new TopPlans(capacity);
  }

  void doesNotFit(double bytes, Parallelism layout) {
    if (bytes < leanestBytes) {
      leanestBytes = bytes;
      leanest = layout;
    }
  }
}
