package org.llmplan.infer;

import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;

/**
 * Serving memory of one GPU of the pipeline stage whose KV cache holds the fewest tokens: the parts (each a
 * tree with formulas) fill the GPU's capacity, the KV-cache pool taking what the engine's budget leaves.
 *
 * @param stage which pipeline stage ("only", "first", "last", or "number N")
 * @param usedBytes everything but the share the engine leaves unused
 * @param kvBytesPerToken KV bytes one token adds on this GPU (its layers, its TP share)
 * @param kvBasis how {@code kvBytesPerToken} is made up, in words
 * @param kvBlocks blocks in the pool
 * @param kvTokens tokens the replica's pools hold (blocks x block size, times the attention-DP ranks, each of
 *     which has a pool of its own)
 * @param sequenceTokens tokens one request holds at its end (input + output)
 * @param sequencesAtFullLength requests the replica's pools hold at full length at once
 * @param maxConcurrentSequences the same capped by max-num-seqs
 * @param reason why it does not fit, or null when it does
 * @param levers single changes and what each gives, best first (filled when it does not fit)
 * @param notes assumptions and warnings
 */
public record InferenceMemory(
    String stage,
    List<Part> parts,
    double usedBytes,
    double capacityBytes,
    double kvBytesPerToken,
    String kvBasis,
    long kvBlocks,
    long kvTokens,
    long sequenceTokens,
    long sequencesAtFullLength,
    long maxConcurrentSequences,
    String reason,
    List<Lever> levers,
    List<String> notes) {

  public InferenceMemory {
    parts = List.copyOf(parts);
    levers = List.copyOf(levers);
    notes = List.copyOf(notes);
  }

  public boolean fits() {
    return reason == null;
  }

  public Map<String, Double> partBytes() {
    return Part.values(parts);
  }

  public Part part(String name) {
    return Part.find(parts, name);
  }

  public InferenceMemory withLevers(List<Lever> newLevers) {
    return new InferenceMemory(stage, parts, usedBytes, capacityBytes, kvBytesPerToken, kvBasis, kvBlocks, kvTokens,
        sequenceTokens, sequencesAtFullLength, maxConcurrentSequences, reason, newLevers, notes);
  }

  /** One change to the deployment, the KV tokens it leaves and whether it fits. */
  public record Lever(String change, int gpus, long kvTokens, long maxConcurrentSequences, boolean fits) {}
}
