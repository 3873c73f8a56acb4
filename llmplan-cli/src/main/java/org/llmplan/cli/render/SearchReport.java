package org.llmplan.cli.render;

import java.util.List;
import java.util.Locale;
import org.llmplan.estimate.Durations;
import org.llmplan.search.GpuOption;
import org.llmplan.search.OtherFrameworks;
import org.llmplan.search.Plan;
import org.llmplan.search.RankBy;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.view.TrainingView;
import org.llmplan.train.TrainingJob;
import org.llmplan.trust.Trust;

/** Renders `llmplan search train`: the best plans, why the runner-up lost, the Pareto fronts, or why none fits. */
public final class SearchReport {
  private SearchReport() {}

  public static String text(SearchResult result) {
    SearchSpec spec = result.spec();
    TrainingJob job = spec.options().get(0).base();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "Layout search: %s, %s tokens, %s, seq %d, global batch %d (%s tokens); "
            + "objective %s%n", job.model().name(), Units.count(spec.tokens()), job.framework().name(), job.seq(),
        job.globalBatch(), Units.count((double) job.globalBatch() * job.seq()), spec.objective().label()));
    for (GpuOption o : spec.options()) {
      List<Integer> counts = o.counts();
      b.append(String.format(Locale.ROOT, "GPUs: %s x %s, %s%n", counts.size() == 1 ? counts.get(0)
              : counts.get(0) + ".." + counts.get(counts.size() - 1) + " (" + counts.size() + " counts)", o.gpu(),
          o.usdPerGpuHour() > 0 ? String.format(Locale.ROOT, "$%.2f/GPU-h", o.usdPerGpuHour()) : "no price known"));
    }
    if (spec.deadlineSeconds() < Double.POSITIVE_INFINITY || spec.budgetUsd() < Double.POSITIVE_INFINITY) {
      b.append("Limits:");
      if (spec.deadlineSeconds() < Double.POSITIVE_INFINITY) {
        b.append(" deadline ").append(Durations.describe(spec.deadlineSeconds()));
      }
      if (spec.budgetUsd() < Double.POSITIVE_INFINITY) {
        b.append(" budget ").append(Units.usd(spec.budgetUsd()));
      }
      b.append('\n');
    }
    SearchResult.Stats s = result.stats();
    b.append(String.format(Locale.ROOT, "Searched %,d layouts (every legal one): %,d memory checks, %,d fit and "
        + "were timed%s%n", s.space(), s.checked(), s.fitting(), s.complete() ? ""
        : "; STOPPED EARLY (" + s.stopReason() + "): best so far"));
    b.append('\n');
    if (!result.feasible()) {
      b.append("No plan meets the request:\n");
      result.infeasible().forEach(r -> b.append("- ").append(r).append('\n'));
      notes(b, result);
      return b.toString();
    }
    if (result.spec().failures() != null) {
      b.append("Time to train and cost include failures: interruptions, asynchronous checkpoints to "
          + result.spec().checkpointStorage().name() + " at Daly's interval, restarts\n");
    }
    b.append(table(result.plans(), result.plans()).render());
    b.append("MFU: ").append(TrainingView.FLOP_CONVENTION).append('\n');
    b.append("band: where the measured time to train should lie (80 % of the published errors near the plan)")
        .append(spec.rankBy() == RankBy.PESSIMISTIC ? "; ranked by its slow end\n" : "\n");
    guesses(b, result);
    if (result.runnerUp() != null) {
      b.append("Why not #2: ").append(result.runnerUp().reason()).append('\n');
    }
    front(b, "time vs cost", result.paretoTimeCost(), result.plans());
    front(b, "time vs GPUs", result.paretoTimeGpus(), result.plans());
    notes(b, result);
    return b.toString();
  }

  private static Table table(List<Plan> plans, List<Plan> ranked) {
    Table t = new Table("#", "GPUs", "layout", "GiB/GPU", "step s", "MFU", "time to train", "band", "cost");
    for (Plan p : plans) {
      int rank = ranked.indexOf(p);
      t.row(rank < 0 ? "-" : Integer.toString(rank + 1), p.job().gpus() + " x " + p.job().gpu().name(),
          p.job().parallelism().label(), Units.gib(p.memory().totalBytes()), TrainingReport.seconds(p.stepSeconds()),
          Units.percent(p.time().mfu()), Durations.describe(p.expectedTimeToTrainSeconds()),
          Trust.training(p.job()).durationPct(), p.run().usdPerGpuHour() > 0 ? Units.usd(p.expectedCostUsd()) : "-");
    }
    return t;
  }

  /** Why #1 is a guess, and the best plan on validated ground beside it. */
  private static void guesses(StringBuilder b, SearchResult result) {
    if (result.guesses().isEmpty()) {
      return;
    }
    b.append("#1 is a guess:\n");
    result.guesses().forEach(g -> b.append("- ").append(g).append('\n'));
    if (result.validated() == null) {
      b.append("No plan the search kept lies on validated ground away from these extremes.\n");
      return;
    }
    b.append("Best plan on validated ground (# = rank above, - = not listed):\n");
    b.append(table(List.of(result.validated()), result.plans()).render());
  }

  private static void front(StringBuilder b, String name, List<Plan> front, List<Plan> ranked) {
    if (front.size() == 1 && ranked.indexOf(front.get(0)) == 0) {
      b.append("Pareto front, ").append(name).append(": #1 alone, no other plan beats it on either\n");
      return;
    }
    if (front.isEmpty()) {
      return;
    }
    b.append('\n').append("Pareto front, ").append(name).append(" (fastest first; # = rank above, - = not listed):\n");
    b.append(table(front, ranked).render());
  }

  /** What works under other frameworks, when nothing fit under the one asked for. */
  public static String alternatives(List<OtherFrameworks.Alternative> found) {
    if (found.isEmpty()) {
      return "No other framework of the catalog fits either, with its sharding and offload.\n";
    }
    StringBuilder b = new StringBuilder("\nOther frameworks find a plan (their sharding and, if needed, offload):\n");
    Table t = new Table("framework", "GPUs", "layout", "GiB/GPU", "time to train", "try");
    for (OtherFrameworks.Alternative a : found) {
      Plan p = a.best();
      t.row(a.framework(), p.job().gpus() + " x " + p.job().gpu().name(), p.job().parallelism().label(),
          Units.gib(p.memory().totalBytes()), Durations.describe(p.expectedTimeToTrainSeconds()),
          "--framework " + a.framework());
    }
    return b.append(t.render()).toString();
  }

  private static void notes(StringBuilder b, SearchResult result) {
    for (String note : result.notes()) {
      b.append("note: ").append(note).append('\n');
    }
  }
}
