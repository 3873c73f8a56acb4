package org.llmplan.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.llmplan.hardware.Accelerator;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * The search done the slow way, for tests: every layout of the space, offload variants included, through the
 * explained estimators, no pruning, one thread; then the same rules as the search (the least offload that
 * fits, one plan per step time, fastest first) applied to the complete list.
 */
final class BruteForce {
  private BruteForce() {}

  record Evaluated(Parallelism layout, double stepSeconds, double peakBytes) {}

  /**
   * Every layout of {@code gpus} GPUs of the option that fits, with its step time, in no particular order;
   * offload as {@code choice} says (the least offload that fits, for every layout or only if none fits without).
   */
  static List<Evaluated> fitting(GpuOption option, int gpus, OffloadChoice choice) {
    List<Evaluated> fitting = fitting(option, gpus, choice == OffloadChoice.ALWAYS);
    return fitting.isEmpty() && choice == OffloadChoice.IF_NEEDED ? fitting(option, gpus, true) : fitting;
  }

  private static List<Evaluated> fitting(GpuOption option, int gpus, boolean offload) {
    TrainingJob base = option.base();
    LayoutSpace space = new LayoutSpace(base, gpus);
    TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    TrainingTimeEstimator time = new TrainingTimeEstimator();
    List<Evaluated> fitting = new ArrayList<>();
    for (LayoutSpace.Shape shape : space.shapes()) {
      space.forEach(shape, offload, layout -> {
        List<Parallelism> variants = new ArrayList<>(List.of(layout));
        if (offload) {
          variants.addAll(space.offloadVariants(layout));
        }
        for (Parallelism v : variants) {
          TrainingJob job = base.with(v, base.globalBatch());
          MemoryEstimate m = memory.worstStage(job);
          boolean onHost = v.offloadOptimizer() == OffloadTarget.CPU || v.offloadParameters() == OffloadTarget.CPU;
          boolean hostFits = !onHost || base.hostMemoryGiB() <= 0
              || m.hostBytesPerNode() <= base.hostMemoryGiB() * Accelerator.GIB;
          if (m.fits() && hostFits) {
            fitting.add(new Evaluated(v, time.estimate(job).stepSeconds(), m.totalBytes()));
            break; // more offload than needed ties on time and is dominated
          }
        }
        return LayoutSpace.Verdict.NEXT;
      });
    }
    return fitting;
  }

  /** The fastest {@code n} of {@code all}, one per step time: the one with the least memory, then layout order. */
  static List<Evaluated> fastest(List<Evaluated> all, int n) {
    List<Evaluated> sorted = all.stream().sorted(Comparator.comparingDouble(Evaluated::stepSeconds)
        .thenComparingDouble(Evaluated::peakBytes).thenComparing(Evaluated::layout, LayoutOrder.ORDER)).toList();
    List<Evaluated> kept = new ArrayList<>();
    for (Evaluated e : sorted) {
      if (kept.isEmpty() || kept.get(kept.size() - 1).stepSeconds() != e.stepSeconds()) {
        kept.add(e);
      }
      if (kept.size() == n) {
        break;
      }
    }
    return kept;
  }
}
