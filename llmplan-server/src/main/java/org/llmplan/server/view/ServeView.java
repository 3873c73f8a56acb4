package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.serve.ServeCandidate;
import org.llmplan.serve.ServeResult;
import org.llmplan.serve.ServeSearchResult;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.ServingCost;

/** JSON of `serve` and `search serve` (docs/json.md); the CLI and the API print the same. */
public final class ServeView {
  /** Bumped whenever a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  private ServeView() {}

  public static Map<String, Object> of(ServeResult r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", SCHEMA_VERSION);
    v.put("deployment", r.explicit());
    v.put("memory", InferenceMemoryView.of(r.estimate()));
    v.put("fits", r.fits());
    v.put("workload", r.workload());
    v.put("ratePerSecond", r.ratePerSecond());
    if (!r.fits()) {
      return v;
    }
    v.put("layout", r.deployment().describe());
    v.put("gpus", r.deployment().gpus());
    v.put("warmupSeconds", r.warmupSeconds());
    v.put("metrics", r.metrics());
    if (r.slo() != null) {
      Map<String, Object> slo = new LinkedHashMap<>();
      slo.put("ttftP99Seconds", finite(r.slo().ttftP99Seconds()));
      slo.put("tpotP99Seconds", finite(r.slo().tpotP99Seconds()));
      slo.put("met", r.sloMiss() == null);
      slo.put("miss", r.sloMiss());
      v.put("slo", slo);
      v.put("capacity", capacity(r.capacity()));
      v.put("cost", cost(r.cost(), r.usdPerGpuHour(), r.priceSource()));
    }
    return v;
  }

  public static Map<String, Object> of(ServeSearchResult r) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", SCHEMA_VERSION);
    v.put("workload", r.workload());
    v.put("ratePerSecond", r.ratePerSecond());
    v.put("feasible", r.infeasibleReason() == null);
    v.put("infeasibleReason", r.infeasibleReason());
    v.put("runnerUpReason", r.runnerUpReason());
    v.put("ranked", r.ranked().stream().map(ServeView::candidate).toList());
    v.put("evaluated", r.evaluated().size());
    v.put("skipped", r.evaluated().stream().filter(c -> c.skipped() != null).count());
    return v;
  }

  private static Map<String, Object> candidate(ServeCandidate c) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("label", c.label());
    v.put("deployment", c.deployment());
    v.put("disaggregated", c.disaggregated());
    v.put("gpusPerReplica", c.gpus());
    v.put("capacity", capacity(c.capacity()));
    v.put("cost", c.cost());
    return v;
  }

  private static Map<String, Object> capacity(Capacity c) {
    Map<String, Object> v = new LinkedHashMap<>();
    if (c instanceof Capacity.Sustained s) {
      v.put("sustained", true);
      v.put("maxRatePerSecond", s.maxRatePerSecond());
      v.put("simulations", s.simulations());
      v.put("atMaxRate", s.atMaxRate());
    } else {
      v.put("sustained", false);
      v.put("reason", ((Capacity.Infeasible) c).reason());
    }
    v.put("unloaded", c.unloaded());
    return v;
  }

  private static Map<String, Object> cost(ServingCost cost, double usdPerGpuHour, String source) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("usdPerGpuHour", usdPerGpuHour);
    v.put("priceSource", source);
    v.put("atTargetRate", cost);
    return v;
  }

  /** JSON has no infinity: a target not given is null. */
  private static Double finite(double seconds) {
    return Double.isInfinite(seconds) ? null : seconds;
  }
}
