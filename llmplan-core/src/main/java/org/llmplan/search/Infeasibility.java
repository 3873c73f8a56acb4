package org.llmplan.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.llmplan.estimate.Durations;
import org.llmplan.train.TrainingJob;

/** Why no plan meets the request, and what would: memory, the deadline, the budget or both. */
final class Infeasibility {
  /** The largest GPU count the feasibility probe tries when nothing fits. */
  static final int PROBE_LIMIT = 1 << 20;
  /** The longest the feasibility probe runs. */
  static final double PROBE_SECONDS = 10;

  private final SearchSpec spec;
  private final Map<GpuOption, TaskResult> leanest;
  private final SearchControl control;
  private final TrainingSearch search;

  Infeasibility(SearchSpec spec, Map<GpuOption, TaskResult> leanest, SearchControl control, TrainingSearch search) {
    this.spec = spec;
    this.leanest = leanest;
    this.control = control;
    this.search = search;
  }

  /** The reasons, given the fastest plan of each (GPU, count) group that has one. */
  List<String> reasons(List<ScoredCandidate> groupBests) {
    List<String> reasons = new ArrayList<>();
    if (groupBests.isEmpty()) {
      for (GpuOption o : spec.options()) {
        reasons.add(memoryReason(o));
      }
      return reasons;
    }
    ScoredCandidate fastest = groupBests.stream().min(Comparator.comparingDouble(ScoredCandidate::seconds))
        .orElseThrow();
    ScoredCandidate cheapest = groupBests.stream().min(Comparator.comparingDouble(ScoredCandidate::cost)).orElseThrow();
    boolean fixedCount = spec.options().stream().allMatch(o -> o.counts().size() == 1);
    if (fastest.seconds() > spec.deadlineSeconds()) {
      reasons.add("the fastest plan takes " + Durations.describe(fastest.seconds()) + " (" + label(fastest)
          + "), more than the deadline of " + Durations.describe(spec.deadlineSeconds()) + ": raise --deadline or "
          + (fixedCount ? "allow more GPUs (--max-gpus)" : "--max-gpus"));
    }
    if (cheapest.cost() > spec.budgetUsd()) {
      reasons.add("the cheapest plan costs " + Wording.usd(cheapest.cost()) + " (" + label(cheapest)
          + "), more than the budget of " + Wording.usd(spec.budgetUsd()) + ": raise --budget");
    }
    if (reasons.isEmpty()) {
      ScoredCandidate inTime = groupBests.stream().filter(s -> s.seconds() <= spec.deadlineSeconds())
          .min(Comparator.comparingDouble(ScoredCandidate::cost)).orElseThrow();
      ScoredCandidate inBudget = groupBests.stream().filter(s -> s.cost() <= spec.budgetUsd())
          .min(Comparator.comparingDouble(ScoredCandidate::seconds)).orElseThrow();
      reasons.add("no plan meets both the deadline and the budget: within the deadline the cheapest costs "
          + Wording.usd(inTime.cost()) + " (" + label(inTime) + "), within the budget the fastest takes "
          + Durations.describe(inBudget.seconds()) + " (" + label(inBudget) + "); raise --deadline or --budget");
    }
    return reasons;
  }

  private String label(ScoredCandidate s) {
    return s.gpus() + " x " + s.group().option().gpu() + ", " + s.candidate().layout().label();
  }

  private String memoryReason(GpuOption o) {
    TrainingJob base = o.base();
    int most = o.counts().get(o.counts().size() - 1);
    String where = (o.counts().size() == 1 ? "" : "up to ") + most + " GPUs";
    double usable = base.gpu().memoryBytes() * (1 - base.framework().memoryHeadroom());
    String reason = "no layout of " + base.model().name() + " fits in the " + Wording.gib(usable) + " usable of "
        + o.gpu() + " (" + Wording.gib(base.gpu().memoryBytes()) + " less the " + base.framework().name()
        + " margin of " + Math.round(100 * base.framework().memoryHeadroom()) + " %) on " + where;
    TaskResult lean = leanest.get(o);
    if (lean != null) {
      reason += " (the leanest layout without offload needs " + Wording.gib(lean.leanestBytes) + " per GPU: "
          + lean.leanest.label() + ")";
    }
    if (control.stopReason() != null) {
      return reason + "; the search stopped early (" + control.stopReason() + ")";
    }
    return reason + "; " + fitsFrom(o, most);
  }

  /**
   * The feasibility probe: the whole-node GPU counts above {@code tried} on which any layout is legal,
   * smallest first, until a layout fits.
   */
  private String fitsFrom(GpuOption o, int tried) {
    int perNode = o.base().gpusPerNode();
    boolean offload = spec.offload() != OffloadChoice.NEVER;
    long deadline = System.nanoTime() + (long) (PROBE_SECONDS * 1e9);
    BooleanSupplier stop = () -> control.shouldStop() || System.nanoTime() > deadline;
    int probed = tried;
    for (int count : LayoutSpace.legalCounts(o.base(), tried, PROBE_LIMIT)) {
      if (stop.getAsBoolean()) {
        break;
      }
      if (count % perNode == 0) {
        if (search.anyFits(o, count, offload, stop)) {
          return "it needs at least " + count + " GPUs: use --gpus " + count + " or --max-gpus " + count;
        }
        probed = count;
      }
    }
    String reason = "no layout fits on up to " + probed + " GPUs with a global batch of "
        + o.base().globalBatch() + " sequences of " + o.base().seq() + " tokens";
    return stop.getAsBoolean() ? reason + " (larger counts were not tried in the " + (int) PROBE_SECONDS
        + " s the probe may take)" : reason + ": use a GPU with more memory, a shorter --seq or a larger "
        + "--global-batch";
  }
}
