package org.llmplan.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.train.TrainingJob;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;

/**
 * Where a plan's estimate is a guess: outside validated ground (its band's nearest family is far), or at an
 * extreme of the space that no published run measured, where the model's simplifications decide the ranking.
 */
final class Guesses {
  /**
   * Above this share of the memory a plan may use (capacity less the margin) without recompute, a longer document, the allocator or a framework
   * release away from the modelled one runs out of memory; the frameworks' own guidance keeps 5-10 % free.
   */
  static final double MEMORY_LIMIT_SHARE = 0.9;
  /** Below this many tokens per CP rank, ring attention's blocks are short and its exchange exposed. */
  static final int SHORT_CP_TOKENS = 4096;
  /** At most this many layers per pipeline stage, stage imbalance and the bubble decide the step. */
  static final int FEW_LAYERS_PER_STAGE = 4;

  private Guesses() {}

  /** Why the plan's estimate is a guess, one sentence each; empty on validated ground away from the extremes. */
  static List<String> of(Plan p) {
    List<String> out = new ArrayList<>(layout(p.job()));
    double used = p.memory().totalBytes() / p.memory().usableBytes();
    if (p.job().parallelism().recompute() == Recompute.NONE && used > MEMORY_LIMIT_SHARE) {
      out.add(String.format(Locale.ROOT, "no activation recompute with %.0f %% of the usable memory taken: a "
          + "framework or allocator that needs a little more than modelled runs out of memory", 100 * used));
    }
    return out;
  }

  /** The guesses the job alone shows, without its memory estimate: ground, CP depth and PP depth. */
  static List<String> layout(TrainingJob job) {
    Parallelism par = job.parallelism();
    List<String> out = new ArrayList<>();
    Band band = Trust.training(job);
    if (!band.validated()) {
      out.add(band.words());
    }
    if (par.cp() > 1 && job.seq() / par.cp() < SHORT_CP_TOKENS) {
      out.add(String.format(Locale.ROOT, "CP%d on %d-token sequences: %d tokens per rank, shorter than any "
          + "validated context-parallel run, where the ring exchange is hard to hide", par.cp(), job.seq(),
          job.seq() / par.cp()));
    }
    int layers = job.model().layers();
    if (par.pp() > 1 && layers <= FEW_LAYERS_PER_STAGE * par.pp()) {
      out.add(String.format(Locale.ROOT, "PP%d for %d layers: %.1f layers per stage, where stage imbalance and "
          + "the bubble decide the step", par.pp(), layers, (double) layers / par.pp()));
    }
    return out;
  }
}
