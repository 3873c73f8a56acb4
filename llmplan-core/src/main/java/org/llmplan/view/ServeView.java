package org.llmplan.view;

import org.llmplan.request.InferenceRequest;
import org.llmplan.serve.ServeResult;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.ServingCost;
import org.llmplan.serving.LatencySummary;
import org.llmplan.serving.ServingMetrics;
import org.llmplan.trust.Trust;

/**
 * JSON of `serve --json` and POST /api/serve (docs/json.md): the replica, its memory, and when it fits the
 * simulated traffic and, with latency targets, the rate one replica sustains and the cost. The deployment,
 * the metrics and the cost at the target rate are the engine's own records.
 *
 * @param deployment the replica with every setting explicit
 * @param layout when it fits, else absent, as are all the fields after it
 * @param latencyBand how far to trust the simulated latencies ({@code metrics.*Seconds} percentiles), and
 *     {@code band} the rates (capacity, cost per million tokens) ({@link BandView})
 */
public record ServeView(
    int schemaVersion,
    InferenceRequest deployment,
    InferenceMemoryView memory,
    boolean fits,
    String workload,
    double ratePerSecond,
    String layout,
    Integer gpus,
    Double warmupSeconds,
    ServingMetrics metrics,
    SloView slo,
    CapacityView capacity,
    CostView cost,
    BandView latencyBand,
    BandView band) {

  /** Bumped whenever a field of the serving documents changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public static ServeView of(ServeResult r) {
    InferenceMemoryView memory = InferenceMemoryView.of(r.estimate());
    if (!r.fits()) {
      return new ServeView(SCHEMA_VERSION, r.explicit(), memory, false, r.workload(), r.ratePerSecond(), null, null,
          null, null, null, null, null, null, null);
    }
    boolean targets = r.slo() != null;
    return new ServeView(SCHEMA_VERSION, r.explicit(), memory, true, r.workload(), r.ratePerSecond(),
        r.deployment().describe(), r.deployment().gpus(), r.warmupSeconds(), r.metrics(),
        targets ? SloView.of(r) : null, targets ? CapacityView.of(r.capacity()) : null,
        targets ? new CostView(r.usdPerGpuHour(), r.priceSource(), r.cost()) : null, latencyBand(r), rateBand(r));
  }

  private static BandView latencyBand(ServeResult r) {
    BandView.Builder b = BandView.of(Trust.inference(r.estimate().deployment(), true));
    ServingMetrics m = r.metrics();
    percentiles(b, "metrics.ttftSeconds", m.ttftSeconds());
    percentiles(b, "metrics.tpotSeconds", m.tpotSeconds());
    percentiles(b, "metrics.itlSeconds", m.itlSeconds());
    percentiles(b, "metrics.e2eSeconds", m.e2eSeconds());
    return b.build();
  }

  private static void percentiles(BandView.Builder b, String name, LatencySummary s) {
    if (s != null && s.count() > 0) {
      b.duration(name + ".p50", s.p50()).duration(name + ".p90", s.p90()).duration(name + ".p99", s.p99());
    }
  }

  /** The throughput band; cost per token goes as one over the rate one replica sustains. */
  private static BandView rateBand(ServeResult r) {
    BandView.Builder b = BandView.of(Trust.inference(r.estimate().deployment(), false));
    if (r.capacity() instanceof Capacity.Sustained s) {
      b.rate("capacity.maxRatePerSecond", s.maxRatePerSecond());
    }
    if (r.cost() != null) {
      b.duration("cost.atTargetRate.usdPerMillionTokens", r.cost().usdPerMillionTokens());
    }
    return b.build();
  }

  /** The latency targets (absent: none) and whether the simulated traffic meets them. */
  public record SloView(Double ttftP99Seconds, Double tpotP99Seconds, boolean met, String miss) {
    static SloView of(ServeResult r) {
      return new SloView(Finite.orAbsent(r.slo().ttftP99Seconds()), Finite.orAbsent(r.slo().tpotP99Seconds()),
          r.sloMiss() == null, r.sloMiss());
    }
  }

  /**
   * The highest rate one replica sustains under the targets: when {@code sustained}, the rate, the simulations
   * it took and the metrics there; otherwise the reason. Always the metrics of requests one at a time.
   */
  public record CapacityView(boolean sustained, Double maxRatePerSecond, Integer simulations,
      ServingMetrics atMaxRate, String reason, ServingMetrics unloaded) {

    static CapacityView of(Capacity c) {
      if (c instanceof Capacity.Sustained s) {
        return new CapacityView(true, s.maxRatePerSecond(), s.simulations(), s.atMaxRate(), null, s.unloaded());
      }
      Capacity.Infeasible i = (Capacity.Infeasible) c;
      return new CapacityView(false, null, null, null, i.reason(), i.unloaded());
    }
  }

  /** The price used and the replicas, GPUs and cost at the target rate (null when no rate is sustained). */
  public record CostView(double usdPerGpuHour, String priceSource, ServingCost atTargetRate) {}
}
