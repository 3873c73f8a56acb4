package org.llmplan.cli.render;

import java.util.Locale;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;
import org.llmplan.estimate.Part;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.infer.OfflineThroughput;

/** Renders a serving memory estimate: the parts, the KV-cache capacity, a verdict, and what it allows. */
public final class InferenceMemoryReport {
  private InferenceMemoryReport() {}

  public static String text(InferenceEstimate estimate) {
    InferenceDeployment d = estimate.deployment();
    InferenceMemory e = estimate.memory();
    StringBuilder b = new StringBuilder();
    b.append(fmt("Serving memory per GPU: %s on %d x %s (%s), %s%n", d.model().name(), d.gpus(), d.gpu().name(),
        Units.gibWithUnit(e.capacityBytes()), d.engine().name()));
    b.append(fmt("Deployment: %s; max-num-seqs %s, max-batched-tokens %s%s, gpu-memory-utilization %.2f, "
            + "block %d, max model length %d%n", d.label(), d.maxNumSeqs() > 0 ? d.maxNumSeqs() : "none",
        d.maxBatchedTokens() > 0 ? d.maxBatchedTokens() : "none", d.chunkedPrefill() ? " (chunked prefill)" : "",
        d.gpuMemoryUtilization(), d.blockSize(), d.maxModelLen()));
    b.append(fmt("Requests: %d input + %d output tokens%s%n%n", estimate.lengths().input(),
        estimate.lengths().output(), d.pp() > 1 ? "; numbers for the " + e.stage() + " pipeline stage" : ""));
    Table t = new Table("part", "GiB", "how");
    for (Part part : e.parts()) {
      t.row(Units.words(part.name()), Units.gib(part.value()), part.basis());
      for (Part child : part.children()) {
        t.row("  " + child.name(), Units.gib(child.value()), child.basis());
      }
    }
    double total = e.parts().stream().mapToDouble(Part::value).sum();
    t.row("total", Units.gib(total), "of " + Units.gibWithUnit(e.capacityBytes()) + " per GPU");
    b.append(t.render()).append('\n');
    b.append(fmt("KV cache: %s per token (%s)%n", kib(e.kvBytesPerToken()), e.kvBasis()));
    b.append(fmt("Holds %,d tokens: %,d requests of %,d tokens at full length, %,d at once%s%n",
        e.kvTokens(), e.sequencesAtFullLength(), e.sequenceTokens(),
        e.maxConcurrentSequences(), e.maxConcurrentSequences() < e.sequencesAtFullLength()
            ? " (max-num-seqs)" : ""));
    b.append(e.fits() ? "Verdict: fits, " + margin(d) + "\n" : "Verdict: does NOT fit: " + e.reason() + "\n");
    if (estimate.ttftSeconds() != null) {
      b.append(fmt("Latency, one request alone: TTFT %s for %,d prompt tokens; TPOT %s%n",
          ms(estimate.ttftSeconds()), estimate.lengths().input(), ms(estimate.tpotSeconds())));
    }
    OfflineThroughput o = estimate.offline();
    if (o != null) {
      b.append(fmt("Offline, all requests queued: %.0f in flight (%s), %,.0f output tokens/s (%,.0f per GPU), "
              + "%,.0f total tokens/s, %.2f requests/s, TPOT %s%n", o.concurrency(), o.limitedBy(),
          o.outputTokensPerSecond(), o.outputTokensPerSecondPerGpu(), o.totalTokensPerSecond(),
          o.requestsPerSecond(), ms(o.tpotSeconds())));
    }
    if (estimate.ttftSeconds() != null) {
      band(b, estimate);
    }
    if (!e.levers().isEmpty()) {
      b.append("\nLevers (one change each, best first):\n");
      Table levers = new Table("change", "GPUs", "KV tokens", "requests at once", "fits");
      for (InferenceMemory.Lever l : e.levers()) {
        levers.row(l.change(), Integer.toString(l.gpus()), fmt("%,d", l.kvTokens()),
            fmt("%,d", l.maxConcurrentSequences()), l.fits() ? "yes" : "no");
      }
      b.append(levers.render());
      if (e.levers().stream().noneMatch(InferenceMemory.Lever::fits)) {
        b.append("Nothing above fits alone: combine them (for example --tp 8 --precision fp8), add pipeline "
            + "stages, or use a GPU with more memory.\n");
      }
    }
    for (String note : e.notes()) {
      b.append("note: ").append(note).append('\n');
    }
    return b.toString();
  }

  /** The engine's margin, the serving counterpart of training's --headroom. */
  public static String margin(InferenceDeployment d) {
    return fmt("margin %.0f %% left outside the engine's share (gpu-memory-utilization %.2f; --headroom)",
        100 * (1 - d.gpuMemoryUtilization()), d.gpuMemoryUtilization());
  }

  /** Where the measured latencies and rates should lie: 80 % of the published errors near this replica. */
  private static void band(StringBuilder b, InferenceEstimate estimate) {
    Band latency = Trust.inference(estimate.deployment(), true);
    b.append(fmt("Band of the latencies (%s): TTFT %s, TPOT %s%n", latency.durationPct(),
        BandText.duration(latency, estimate.ttftSeconds() * 1e3, "%.1f", " ms"),
        BandText.duration(latency, estimate.tpotSeconds() * 1e3, "%.1f", " ms")));
    b.append(BandText.trust(latency));
    OfflineThroughput o = estimate.offline();
    if (o != null) {
      Band rate = Trust.inference(estimate.deployment(), false);
      b.append(fmt("Band of the offline rates (%s): %s output tokens/s%n", rate.ratePct(),
          BandText.rate(rate, o.outputTokensPerSecond(), "%,.0f", "")));
      b.append(BandText.trust(rate));
    }
  }

  private static String ms(double seconds) {
    return fmt("%.1f ms", seconds * 1e3);
  }

  private static String kib(double bytes) {
    return fmt("%,.1f KiB", bytes / 1024);
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
