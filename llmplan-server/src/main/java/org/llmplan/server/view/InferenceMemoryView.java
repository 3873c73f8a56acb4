package org.llmplan.server.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.infer.OfflineThroughput;
import org.llmplan.infer.RequestLengths;

/** JSON of a serving memory estimate (docs/json.md); the CLI and the API print the same. */
public final class InferenceMemoryView {
  /** Bumped whenever a field changes meaning or disappears. */
  public static final int SCHEMA_VERSION = 1;

  private InferenceMemoryView() {}

  public static Map<String, Object> of(InferenceEstimate estimate) {
    InferenceDeployment d = estimate.deployment();
    RequestLengths lengths = estimate.lengths();
    InferenceMemory e = estimate.memory();
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("schemaVersion", SCHEMA_VERSION);
    v.put("model", d.model().name());
    v.put("gpu", d.gpu().name());
    v.put("gpus", d.gpus());
    v.put("engine", d.engine().name());
    v.put("deployment", deployment(d));
    v.put("input", lengths.input());
    v.put("output", lengths.output());
    v.put("stage", e.stage());
    v.put("fits", e.fits());
    v.put("reason", e.reason());
    v.put("capacityBytes", e.capacityBytes());
    v.put("usedBytes", e.usedBytes());
    v.put("parts", e.partBytes());
    v.put("breakdown", e.parts().stream().map(TrainingMemoryView::tree).toList());
    Map<String, Object> kv = new LinkedHashMap<>();
    kv.put("bytesPerToken", e.kvBytesPerToken());
    kv.put("basis", e.kvBasis());
    kv.put("blocks", e.kvBlocks());
    kv.put("tokens", e.kvTokens());
    kv.put("sequenceTokens", e.sequenceTokens());
    kv.put("sequencesAtFullLength", e.sequencesAtFullLength());
    kv.put("maxConcurrentSequences", e.maxConcurrentSequences());
    v.put("kvCache", kv);
    if (estimate.ttftSeconds() != null) {
      Map<String, Object> latency = new LinkedHashMap<>();
      latency.put("ttftSeconds", estimate.ttftSeconds());
      latency.put("tpotSeconds", estimate.tpotSeconds());
      v.put("latency", latency);
    }
    if (estimate.offline() != null) {
      v.put("offline", offline(estimate.offline()));
    }
    List<Map<String, Object>> levers = new ArrayList<>();
    for (InferenceMemory.Lever l : e.levers()) {
      Map<String, Object> lever = new LinkedHashMap<>();
      lever.put("change", l.change());
      lever.put("gpus", l.gpus());
      lever.put("kvTokens", l.kvTokens());
      lever.put("maxConcurrentSequences", l.maxConcurrentSequences());
      lever.put("fits", l.fits());
      levers.add(lever);
    }
    v.put("levers", levers);
    v.put("notes", e.notes());
    return v;
  }

  private static Map<String, Object> deployment(InferenceDeployment d) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("tp", d.tp());
    v.put("pp", d.pp());
    v.put("ep", d.ep());
    v.put("weightPrecision", d.weights().label());
    v.put("groupSize", d.groupSize());
    v.put("kvPrecision", d.kvPrecision().label());
    v.put("maxNumSeqs", d.maxNumSeqs());
    v.put("maxBatchedTokens", d.maxBatchedTokens());
    v.put("gpuMemoryUtilization", d.gpuMemoryUtilization());
    v.put("blockSize", d.blockSize());
    v.put("maxModelLen", d.maxModelLen());
    v.put("chunkedPrefill", d.chunkedPrefill());
    return v;
  }

  private static Map<String, Object> offline(OfflineThroughput t) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("concurrency", t.concurrency());
    v.put("limitedBy", t.limitedBy());
    v.put("iterationSeconds", t.iterationSeconds());
    v.put("outputTokensPerSecond", t.outputTokensPerSecond());
    v.put("outputTokensPerSecondPerGpu", t.outputTokensPerSecondPerGpu());
    v.put("totalTokensPerSecond", t.totalTokensPerSecond());
    v.put("requestsPerSecond", t.requestsPerSecond());
    v.put("tpotSeconds", t.tpotSeconds());
    return v;
  }
}
