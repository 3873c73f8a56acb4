package org.llmplan.view;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;
import org.llmplan.request.TrainingRequest;
import org.llmplan.search.GpuOption;
import org.llmplan.search.OtherFrameworks;
import org.llmplan.search.Plan;
import org.llmplan.search.RunnerUp;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.train.TrainingJob;
import org.llmplan.trust.Trust;

/**
 * JSON of `llmplan search train --json` and POST /api/search/train (docs/json.md): the job every layout shares,
 * the best plans and the Pareto fronts, why plan 2 lost (the engine's {@link RunnerUp} without its plan), and
 * how much of the space the search covered.
 *
 * @param deadlineSeconds absent when no deadline was given; so is {@code budgetUsd}
 * @param alternatives when no layout fits in memory: the best plan under each other framework that finds one
 *     (its sharding and, if needed, offload); absent when not searched (the API, or a search that found plans)
 * @param rankBy "estimate" or "pessimistic" (the slow end of each plan's band)
 * @param guesses why plan 1's estimate is a guess (outside validated ground or at an extreme), one sentence each
 * @param validated with guesses, the best plan on validated ground away from the extremes; else absent
 */
public record SearchView(
    int schemaVersion,
    String model,
    String framework,
    int seq,
    int globalBatch,
    double tokens,
    String objective,
    Double deadlineSeconds,
    Double budgetUsd,
    List<GpuChoice> gpuOptions,
    boolean feasible,
    List<PlanView> plans,
    List<PlanView> paretoTimeCost,
    List<PlanView> paretoTimeGpus,
    @JsonIgnoreProperties("plan") RunnerUp runnerUp,
    List<String> infeasible,
    List<String> notes,
    Coverage search,
    List<Alternative> alternatives,
    String rankBy,
    List<String> guesses,
    PlanView validated) {

  public static SearchView of(SearchResult result) {
    SearchSpec spec = result.spec();
    TrainingJob job = spec.options().get(0).base();
    return new SearchView(TrainingMemoryView.SCHEMA_VERSION, job.model().name(), job.framework().name(), job.seq(),
        job.globalBatch(), spec.tokens(), spec.objective().label(), Finite.orAbsent(spec.deadlineSeconds()),
        Finite.orAbsent(spec.budgetUsd()), spec.options().stream().map(GpuChoice::of).toList(), result.feasible(),
        PlanView.all(result.plans()), PlanView.all(result.paretoTimeCost()), PlanView.all(result.paretoTimeGpus()),
        result.runnerUp(), result.infeasible(), result.notes(), Coverage.of(result.stats()), null, spec.rankBy().label(),
        result.guesses(), result.validated() != null ? PlanView.of(result.validated()) : null);
  }

  /** The same view with what other frameworks find (an empty list: none finds a plan). */
  public SearchView withAlternatives(List<OtherFrameworks.Alternative> found) {
    return new SearchView(schemaVersion, model, framework, seq, globalBatch, tokens, objective, deadlineSeconds,
        budgetUsd, gpuOptions, feasible, plans, paretoTimeCost, paretoTimeGpus, runnerUp, infeasible, notes, search,
        found.stream().map(a -> new Alternative(a.framework(), "--framework " + a.framework(),
            PlanView.of(a.best()))).toList(), rankBy, guesses, validated);
  }

  /** Another framework's best plan, and the option that asks for it. */
  public record Alternative(String framework, String option, PlanView plan) {}

  /** One GPU type searched: the counts tried and its price (0 = unknown). */
  public record GpuChoice(String gpu, int gpusPerNode, List<Integer> counts, double usdPerGpuHour) {
    static GpuChoice of(GpuOption o) {
      return new GpuChoice(o.gpu(), o.base().gpusPerNode(), o.counts(), o.usdPerGpuHour());
    }
  }

  /**
   * One plan: the figures `llmplan train` reports, and the request that rebuilds it.
   *
   * @param memoryBytes the most loaded GPU's
   * @param costUsd failure-free; {@code expectedCostUsd} counts failures and is what the ranking uses
   * @param timeParts seconds by part name, as {@code time.parts} of `train`
   * @param band how far to trust the time and cost figures, as {@code band} of `train`
   */
  public record PlanView(
      String gpu,
      int gpus,
      LayoutView layout,
      String label,
      int microBatches,
      double memoryBytes,
      double capacityBytes,
      double hostBytesPerNode,
      double stepSeconds,
      double tokensPerSecond,
      double tflopsPerGpu,
      double mfu,
      double timeToTrainSeconds,
      double gpuHours,
      double usdPerGpuHour,
      double costUsd,
      double failureFactor,
      double expectedTimeToTrainSeconds,
      double expectedCostUsd,
      @Ordered Map<String, Double> timeParts,
      TrainingRequest request,
      BandView band) {

    static List<PlanView> all(List<Plan> plans) {
      return plans.stream().map(PlanView::of).toList();
    }

    static PlanView of(Plan p) {
      TrainingJob job = p.job();
      return new PlanView(job.gpu().name(), job.gpus(), LayoutView.of(job.parallelism()), job.parallelism().label(),
          job.microBatches(), p.memory().totalBytes(), p.memory().capacityBytes(), p.memory().hostBytesPerNode(),
          p.stepSeconds(), p.time().tokensPerSecond(), p.time().modelFlopsPerSecondPerGpu() / 1e12, p.time().mfu(),
          p.run().timeToTrainSeconds(), p.run().gpuHours(), p.run().usdPerGpuHour(), p.run().costUsd(),
          p.failureFactor(), p.expectedTimeToTrainSeconds(), p.expectedCostUsd(), p.time().partSeconds(),
          p.request(), band(p));
    }

    private static BandView band(Plan p) {
      return BandView.of(Trust.training(p.job())).duration("stepSeconds", p.stepSeconds())
          .rate("tokensPerSecond", p.time().tokensPerSecond()).rate("mfu", p.time().mfu())
          .duration("timeToTrainSeconds", p.run().timeToTrainSeconds()).duration("costUsd", p.run().costUsd())
          .duration("expectedTimeToTrainSeconds", p.expectedTimeToTrainSeconds())
          .duration("expectedCostUsd", p.expectedCostUsd()).build();
    }
  }

  /** How much of the layout space the search covered, and why it stopped early (absent when complete). */
  public record Coverage(long spaceLayouts, long checkedLayouts, long fittingLayouts, long rejectedLayouts,
      int groups, double seconds, boolean complete, String stopReason) {

    static Coverage of(SearchResult.Stats s) {
      return new Coverage(s.space(), s.checked(), s.fitting(), s.rejected(), s.groups(), s.seconds(), s.complete(),
          s.stopReason());
    }
  }
}
