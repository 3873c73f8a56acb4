package org.llmplan.view;

import java.util.List;
import java.util.Map;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.infer.OfflineThroughput;
import org.llmplan.trust.Band;
import org.llmplan.trust.Trust;

/**
 * JSON of a serving memory estimate, `memory infer --json` and POST /api/memory/infer (docs/json.md): the
 * deployment, the memory per GPU with its KV cache, and when it fits the latency alone and the offline
 * throughput. The levers are the engine's own records.
 *
 * @param input prompt tokens of the requests sized against the KV cache; {@code output} their output tokens
 * @param reason why it does not fit, absent when it fits
 * @param parts top-level bytes by part name, in breakdown order
 * @param latency when it fits, else absent; so is {@code offline}
 * @param band when it fits, how far to trust the latency and throughput figures: {@code latencyBand} for
 *     {@code latency.*} and {@code offline.tpotSeconds}, {@code band} for the offline rates ({@link BandView})
 */
public record InferenceMemoryView(
    int schemaVersion,
    String model,
    String gpu,
    int gpus,
    String engine,
    Deployment deployment,
    int input,
    int output,
    String stage,
    boolean fits,
    String reason,
    double capacityBytes,
    double usedBytes,
    @Ordered Map<String, Double> parts,
    List<MemoryPart> breakdown,
    KvCache kvCache,
    Latency latency,
    Offline offline,
    List<InferenceMemory.Lever> levers,
    List<String> notes,
    BandView latencyBand,
    BandView band) {

  /** Bumped whenever a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  public static InferenceMemoryView of(InferenceEstimate estimate) {
    InferenceDeployment d = estimate.deployment();
    InferenceMemory e = estimate.memory();
    return new InferenceMemoryView(SCHEMA_VERSION, d.model().name(), d.gpu().name(), d.gpus(), d.engine().name(),
        Deployment.of(d), estimate.lengths().input(), estimate.lengths().output(), e.stage(), e.fits(), e.reason(),
        e.capacityBytes(), e.usedBytes(), e.partBytes(), MemoryPart.trees(e.parts()), KvCache.of(e),
        estimate.ttftSeconds() != null ? new Latency(estimate.ttftSeconds(), estimate.tpotSeconds()) : null,
        estimate.offline() != null ? Offline.of(estimate.offline()) : null, e.levers(), e.notes(),
        estimate.ttftSeconds() != null ? latencyBand(estimate) : null,
        estimate.offline() != null ? rateBand(Trust.inference(d, false), estimate.offline()) : null);
  }

  private static BandView latencyBand(InferenceEstimate e) {
    BandView.Builder b = BandView.of(Trust.inference(e.deployment(), true)).duration("latency.ttftSeconds",
        e.ttftSeconds()).duration("latency.tpotSeconds", e.tpotSeconds());
    return (e.offline() != null ? b.duration("offline.tpotSeconds", e.offline().tpotSeconds()) : b).build();
  }

  private static BandView rateBand(Band band, OfflineThroughput t) {
    return BandView.of(band).rate("offline.outputTokensPerSecond", t.outputTokensPerSecond())
        .rate("offline.outputTokensPerSecondPerGpu", t.outputTokensPerSecondPerGpu())
        .rate("offline.totalTokensPerSecond", t.totalTokensPerSecond())
        .rate("offline.requestsPerSecond", t.requestsPerSecond()).build();
  }

  /** The replica's layout, formats and engine settings; 0 for {@code maxNumSeqs}/{@code maxBatchedTokens}: none. */
  public record Deployment(
      int tp,
      int pp,
      int ep,
      String weightPrecision,
      int groupSize,
      String kvPrecision,
      int maxNumSeqs,
      int maxBatchedTokens,
      double gpuMemoryUtilization,
      int blockSize,
      int maxModelLen,
      boolean chunkedPrefill) {

    static Deployment of(InferenceDeployment d) {
      return new Deployment(d.tp(), d.pp(), d.ep(), d.weights().label(), d.groupSize(), d.kvPrecision().label(),
          d.maxNumSeqs(), d.maxBatchedTokens(), d.gpuMemoryUtilization(), d.blockSize(), d.maxModelLen(),
          d.chunkedPrefill());
    }
  }

  /** @param basis how {@code bytesPerToken} is made up, in words */
  public record KvCache(double bytesPerToken, String basis, long blocks, long tokens, long sequenceTokens,
      long sequencesAtFullLength, long maxConcurrentSequences) {

    static KvCache of(InferenceMemory e) {
      return new KvCache(e.kvBytesPerToken(), e.kvBasis(), e.kvBlocks(), e.kvTokens(), e.sequenceTokens(),
          e.sequencesAtFullLength(), e.maxConcurrentSequences());
    }
  }

  /** One request alone: the prompt, and one sequence decoding at its mean context. */
  public record Latency(Double ttftSeconds, Double tpotSeconds) {}

  /** The steady state with all requests queued. */
  public record Offline(
      double concurrency,
      String limitedBy,
      double iterationSeconds,
      double outputTokensPerSecond,
      double outputTokensPerSecondPerGpu,
      double totalTokensPerSecond,
      double requestsPerSecond,
      double tpotSeconds) {

    static Offline of(OfflineThroughput t) {
      return new Offline(t.concurrency(), t.limitedBy(), t.iterationSeconds(), t.outputTokensPerSecond(),
          t.outputTokensPerSecondPerGpu(), t.totalTokensPerSecond(), t.requestsPerSecond(), t.tpotSeconds());
    }
  }
}
