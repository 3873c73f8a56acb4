package org.llmplan.cli.render;

import java.util.Locale;
import org.llmplan.catalog.Catalog;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.serve.ServeCandidate;
import org.llmplan.serve.ServeResult;
import org.llmplan.serve.ServeSearchResult;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.Deployment;
import org.llmplan.serving.LatencySummary;
import org.llmplan.serving.RequestRates;
import org.llmplan.serving.Seconds;
import org.llmplan.serving.ServingCost;
import org.llmplan.serving.ServingMetrics;

/** Renders a serving simulation (`serve`) and a deployment search (`search serve`). */
public final class ServeReport {
  static final String DEFINITIONS = "TTFT: arrival to first token; TPOT: (last token - first token) / (output "
      + "tokens - 1) per request;\nITL: every gap between tokens, pooled; E2E: arrival to last token; queueing: "
      + "arrival to first scheduled.";

  private ServeReport() {}

  public static String text(ServeResult r) {
    InferenceEstimate e = r.estimate();
    InferenceDeployment d = e.deployment();
    InferenceMemory m = e.memory();
    StringBuilder b = new StringBuilder();
    b.append(fmt("Serving %s on %d x %s (%s)%s%n", d.model().name(), d.gpus(), d.gpu().name(), d.label(),
        r.deployment() instanceof Deployment.Disaggregated split ? ", " + split.describe() : ""));
    b.append(fmt("Traffic: %s%n", r.workload()));
    b.append(fmt("Memory: fits, %s; KV cache holds %,d tokens, %,d requests of %,d tokens at once%n",
        InferenceMemoryReport.margin(d), m.kvTokens(), m.maxConcurrentSequences(), m.sequenceTokens()));
    b.append(fmt("One mean request alone: TTFT %s, TPOT %s%n%n", ms(e.ttftSeconds()), ms(e.tpotSeconds())));
    ServingMetrics s = r.metrics();
    b.append(fmt("%,d requests, %,d measured (the first %.0f s are warm-up)%n", s.requests(), s.measuredRequests(),
        r.warmupSeconds()));
    Table t = new Table("latency", "p50", "p90", "p99", "mean", "max");
    latency(t, "TTFT", s.ttftSeconds());
    latency(t, "TPOT", s.tpotSeconds());
    latency(t, "ITL", s.itlSeconds());
    latency(t, "E2E", s.e2eSeconds());
    latency(t, "queueing", s.queueingSeconds());
    b.append(t.render()).append(DEFINITIONS).append("\n\n");
    b.append(fmt("Throughput: %.2f requests/s, %,.0f output tokens/s, %,.0f total tokens/s%n",
        s.requestsPerSecond(), s.outputTokensPerSecond(), s.totalTokensPerSecond()));
    b.append(fmt("GPUs busy %.1f %%; requests in the system: mean %.1f, peak %d; preemptions %,d; peak KV use %,d "
        + "tokens (%.1f %%)%n", 100 * s.busyFraction(), s.meanRequestsInSystem(), s.peakRequestsInSystem(),
        s.preemptions(), s.peakKvTokens(), 100 * s.peakKvFraction()));
    band(b, r);
    if (r.slo() != null) {
      b.append('\n').append(r.sloMiss() == null ? "Targets met at " + RequestRates.format(r.ratePerSecond()) + "\n"
          : "Targets missed at " + RequestRates.format(r.ratePerSecond()) + ": " + r.sloMiss() + "\n");
      b.append(capacity(r.capacity())).append('\n');
      if (r.cost() != null) {
        b.append(cost(r.cost())).append('\n');
        b.append(fmt("Price: $%.2f per GPU-hour (%s)%n", r.usdPerGpuHour(), r.priceSource()));
      }
    }
    return b.toString();
  }

  /** The search's answer; {@code catalog} resolves each deployment for its band. */
  public static String text(ServeSearchResult r, Catalog catalog) {
    StringBuilder b = new StringBuilder();
    b.append(fmt("Traffic: %s%n%d deployments tried, %d skipped (impossible layout or too little memory)%n",
        r.workload(), r.evaluated().size(), r.evaluated().stream().filter(c -> c.skipped() != null).count()));
    if (r.infeasibleReason() != null) {
      return b.append(r.infeasibleReason()).append('\n').toString();
    }
    Table t = new Table("#", "deployment", "max rate/replica", "band", "replicas", "GPUs", "$/hour", "$/M input",
        "$/M output");
    int rank = 1;
    for (ServeCandidate c : r.ranked()) {
      ServingCost cost = c.cost();
      t.row(Integer.toString(rank++), c.label(), fmt("%.2f/s", ((Capacity.Sustained) c.capacity())
          .maxRatePerSecond()), band(c, catalog).ratePct(), Integer.toString(cost.replicas()), Integer.toString(cost.gpus()),
          fmt("%.2f", cost.usdPerHour()), fmt("%.3f", cost.usdPerMillionInputTokens()),
          fmt("%.3f", cost.usdPerMillionOutputTokens()));
    }
    b.append(t.render());
    b.append(fmt("Best: %s%n", r.ranked().get(0).label()));
    b.append("band: where the measured rate of a replica should lie; ")
        .append(BandText.trust(band(r.ranked().get(0), catalog)).substring("Trust: ".length()));
    if (r.runnerUpReason() != null) {
      b.append("Why not the next: ").append(r.runnerUpReason()).append('\n');
    }
    return b.toString();
  }

  /** Where the measured p99 latencies and the capacity should lie: 80 % of the published errors near it. */
  private static void band(StringBuilder b, ServeResult r) {
    Band latency = Trust.inference(r.estimate().deployment(), true);
    ServingMetrics s = r.metrics();
    b.append(fmt("Band of the latencies (%s): TTFT p99 %s, TPOT p99 %s%n", latency.durationPct(),
        seconds(latency, s.ttftSeconds().p99()), seconds(latency, s.tpotSeconds().p99())));
    b.append(BandText.trust(latency));
    if (r.capacity() instanceof Capacity.Sustained c) {
      Band rate = Trust.inference(r.estimate().deployment(), false);
      b.append(fmt("Band of the capacity (%s): %s requests/s per replica%n", rate.ratePct(),
          BandText.rate(rate, c.maxRatePerSecond(), "%.2f", "")));
      b.append(BandText.trust(rate));
    }
  }

  private static Band band(ServeCandidate c, Catalog catalog) {
    return Trust.inference(c.deployment().toDeployment(catalog), false);
  }

  private static String seconds(Band band, double seconds) {
    double[] r = band.duration(seconds);
    return Seconds.format(r[0]) + "-" + Seconds.format(r[1]);
  }

  private static String capacity(Capacity c) {
    if (c instanceof Capacity.Sustained s) {
      return fmt("Capacity: one replica sustains %s under the targets (%d simulations)",
          RequestRates.format(s.maxRatePerSecond()), s.simulations());
    }
    return "Capacity: " + ((Capacity.Infeasible) c).reason();
  }

  private static String cost(ServingCost c) {
    return fmt("For %s: %d replica%s, %d GPU%s, $%.2f/hour; $%.3f per million input tokens, $%.3f per million "
        + "output tokens", RequestRates.format(c.targetRatePerSecond()), c.replicas(), c.replicas() == 1 ? "" : "s",
        c.gpus(), c.gpus() == 1 ? "" : "s", c.usdPerHour(), c.usdPerMillionInputTokens(),
        c.usdPerMillionOutputTokens());
  }

  private static void latency(Table t, String name, LatencySummary l) {
    t.row(name, Seconds.format(l.p50()), Seconds.format(l.p90()), Seconds.format(l.p99()), Seconds.format(l.mean()),
        Seconds.format(l.max()));
  }

  private static String ms(double seconds) {
    return fmt("%.1f ms", seconds * 1e3);
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
