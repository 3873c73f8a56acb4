package org.llmplan.search;

import org.llmplan.error.PlanInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * Evaluates one layout the way the search does, memory first: the job's rules (the TrainingJob
 * constructor), the peak memory in closed form against the GPU (and, with CPU offload, the host), and only
 * for a layout that fits the step time as plain numbers. One evaluator serves one thread.
 */
public final class LayoutEvaluator {
  /** What {@link #evaluate} returns for a layout that does not fit. */
  public static final double DOES_NOT_FIT = -1;
  /** What {@link #evaluate} returns for a layout the job's rules reject (a bug in the enumeration). */
  public static final double REJECTED = -2;

  private final TrainingJob base;
  private final TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();
  private final double capacityBytes;
  private final double hostBytes;
  private double peakBytes;

  /** {@code base}: the job whose model, GPU, framework, sequence and global batch every layout shares. */
  public LayoutEvaluator(TrainingJob base) {
    this.base = base;
    this.capacityBytes = base.gpu().memoryBytes() * (1 - base.framework().memoryHeadroom());
    this.hostBytes = base.hostMemoryGiB() * Accelerator.GIB;
  }

  /** Step seconds of the layout, or {@link #DOES_NOT_FIT} or {@link #REJECTED}. */
  public double evaluate(Parallelism layout) {
    TrainingJob job;
    try {
      job = base.with(layout, base.globalBatch());
    } catch (PlanInputException rejected) {
      peakBytes = Double.NaN;
      return REJECTED;
    }
    return fits(job) ? time.stepTimes(job).total() : DOES_NOT_FIT;
  }

  /** Whether the layout fits, without timing it; {@link #REJECTED} layouts do not. */
  public boolean fits(Parallelism layout) {
    try {
      return fits(base.with(layout, base.globalBatch()));
    } catch (PlanInputException rejected) {
      peakBytes = Double.NaN;
      return false;
    }
  }

  private boolean fits(TrainingJob job) {
    peakBytes = memory.peakBytes(job);
    if (peakBytes > capacityBytes) {
      return false;
    }
    Parallelism p = job.parallelism();
    boolean onHost = p.offloadOptimizer() == OffloadTarget.CPU || p.offloadParameters() == OffloadTarget.CPU;
    return !onHost || hostBytes <= 0 || memory.peakHostBytesPerNode(job) <= hostBytes;
  }

  /** Memory of the most loaded GPU of the layout last evaluated. */
  public double peakBytes() {
    return peakBytes;
  }
}
