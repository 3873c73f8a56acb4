package org.llmplan.server.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.search.GpuOption;
import org.llmplan.search.Plan;
import org.llmplan.search.RunnerUp;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.train.TrainingJob;

/** JSON of `llmplan search train` and POST /api/search/train (docs/json.md). */
public final class SearchView {
  private SearchView() {}

  public static Map<String, Object> of(SearchResult result) {
    SearchSpec spec = result.spec();
    TrainingJob job = spec.options().get(0).base();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", TrainingMemoryView.SCHEMA_VERSION);
    v.put("model", job.model().name());
    v.put("framework", job.framework().name());
    v.put("seq", job.seq());
    v.put("globalBatch", job.globalBatch());
    v.put("tokens", spec.tokens());
    v.put("objective", spec.objective().label());
    v.put("deadlineSeconds", finite(spec.deadlineSeconds()));
    v.put("budgetUsd", finite(spec.budgetUsd()));
    List<Map<String, Object>> gpus = new ArrayList<>();
    for (GpuOption o : spec.options()) {
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("gpu", o.gpu());
      g.put("gpusPerNode", o.base().gpusPerNode());
      g.put("counts", o.counts());
      g.put("usdPerGpuHour", o.usdPerGpuHour());
      gpus.add(g);
    }
    v.put("gpuOptions", gpus);
    v.put("feasible", result.feasible());
    v.put("plans", result.plans().stream().map(SearchView::plan).toList());
    v.put("paretoTimeCost", result.paretoTimeCost().stream().map(SearchView::plan).toList());
    v.put("paretoTimeGpus", result.paretoTimeGpus().stream().map(SearchView::plan).toList());
    RunnerUp r = result.runnerUp();
    if (r != null) {
      Map<String, Object> runnerUp = new LinkedHashMap<>();
      runnerUp.put("objectiveRatio", r.objectiveRatio());
      runnerUp.put("part", r.part());
      runnerUp.put("bestSeconds", r.bestSeconds());
      runnerUp.put("runnerUpSeconds", r.runnerUpSeconds());
      runnerUp.put("reason", r.reason());
      v.put("runnerUp", runnerUp);
    }
    v.put("infeasible", result.infeasible());
    v.put("notes", result.notes());
    SearchResult.Stats s = result.stats();
    Map<String, Object> search = new LinkedHashMap<>();
    search.put("spaceLayouts", s.space());
    search.put("checkedLayouts", s.checked());
    search.put("fittingLayouts", s.fitting());
    search.put("rejectedLayouts", s.rejected());
    search.put("groups", s.groups());
    search.put("seconds", s.seconds());
    search.put("complete", s.complete());
    search.put("stopReason", s.stopReason());
    v.put("search", search);
    return v;
  }

  /** One plan: the figures `llmplan train` reports, and the request that rebuilds it. */
  static Map<String, Object> plan(Plan p) {
    TrainingJob job = p.job();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("gpu", job.gpu().name());
    v.put("gpus", job.gpus());
    v.put("layout", TrainingMemoryView.layout(job.parallelism()));
    v.put("label", job.parallelism().label());
    v.put("microBatches", job.microBatches());
    v.put("memoryBytes", p.memory().totalBytes());
    v.put("capacityBytes", p.memory().capacityBytes());
    v.put("hostBytesPerNode", p.memory().hostBytesPerNode());
    v.put("stepSeconds", p.stepSeconds());
    v.put("tokensPerSecond", p.time().tokensPerSecond());
    v.put("tflopsPerGpu", p.time().modelFlopsPerSecondPerGpu() / 1e12);
    v.put("mfu", p.time().mfu());
    v.put("timeToTrainSeconds", p.run().timeToTrainSeconds());
    v.put("gpuHours", p.run().gpuHours());
    v.put("usdPerGpuHour", p.run().usdPerGpuHour());
    v.put("costUsd", p.run().costUsd());
    v.put("failureFactor", p.failureFactor());
    v.put("expectedTimeToTrainSeconds", p.expectedTimeToTrainSeconds());
    v.put("expectedCostUsd", p.expectedCostUsd());
    v.put("timeParts", p.time().partSeconds());
    v.put("request", p.request());
    return v;
  }

  private static Double finite(double value) {
    return Double.isInfinite(value) ? null : value;
  }
}
