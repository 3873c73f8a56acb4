package org.llmplan.profile;

import java.util.List;
import org.llmplan.error.InvalidValueException;

/**
 * What a serving engine does with GPU memory and time besides the model's own work: how it sizes the KV-cache
 * pool, how it batches, and what each iteration costs the host. Every number names its source in engines.yaml;
 * a cost that is not known is 0 and reported as not modelled rather than guessed.
 *
 * @param plugin the launch plug-in that writes this engine's files (emit's plug-in registry; null: none)
 * @param memoryBudget what {@code gpuMemoryUtilization} is a fraction of
 * @param gpuMemoryUtilization default share of memory the engine may use (see {@link MemoryBudget})
 * @param maxNumSeqs default cap on sequences in flight; 0 = no fixed cap (the KV pool decides)
 * @param maxBatchedTokens default token budget of one iteration; 0 = none (a static batch prefills at once)
 * @param blockSize default tokens per KV-cache block (page)
 * @param chunkedPrefill whether long prompts are split over iterations to fit the token budget
 * @param runtimeReservedGiB GPU memory outside the tensors the model needs: CUDA context, library
 *     workspaces, captured CUDA graphs
 * @param commBuffersGiB collective buffers per GPU when a replica spans more than one GPU
 * @param cudaGraphMaxBatch largest batch (sequences, or tokens for piecewise graphs) that replays a graph
 * @param kernelsPerLayer kernels one transformer layer launches (GEMMs, attention, norms, activation, rotary)
 * @param launchMicros CPU time to launch one kernel outside a graph
 * @param hostStepMicros host time per iteration that the GPU waits for: scheduling, input preparation and sampling
 *     bookkeeping that the engine does not overlap with the previous iteration (0 = not modelled)
 * @param attentionKernel flash-attention kernel family (fa2, fa3), looked up in the accelerator's ceilings
 */
public record EngineProfile(
    String name,
    List<String> aliases,
    String description,
    String plugin,
    MemoryBudget memoryBudget,
    double gpuMemoryUtilization,
    int maxNumSeqs,
    int maxBatchedTokens,
    int blockSize,
    Batching batching,
    KvReservation kvReservation,
    boolean chunkedPrefill,
    double runtimeReservedGiB,
    double commBuffersGiB,
    CudaGraphs cudaGraphs,
    int cudaGraphMaxBatch,
    int kernelsPerLayer,
    double launchMicros,
    double hostStepMicros,
    String attentionKernel,
    List<String> sources) {

  public EngineProfile {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    sources = sources == null ? List.of() : List.copyOf(sources);
    String what = "engine " + name + ": ";
    if (memoryBudget == null) {
      throw new InvalidValueException(what + "memoryBudget must be total, static or free");
    }
    if (!(gpuMemoryUtilization > 0 && gpuMemoryUtilization <= 1)) {
      throw new InvalidValueException(what + "gpuMemoryUtilization must be above 0 and at most 1");
    }
    if (maxNumSeqs < 0 || maxBatchedTokens < 0 || blockSize < 1 || cudaGraphMaxBatch < 0 || kernelsPerLayer < 1) {
      throw new InvalidValueException(what + "maxNumSeqs, maxBatchedTokens and cudaGraphMaxBatch must not be "
          + "negative; blockSize and kernelsPerLayer must be positive");
    }
    if (runtimeReservedGiB < 0 || commBuffersGiB < 0 || launchMicros < 0 || hostStepMicros < 0) {
      throw new InvalidValueException(what + "memory and time overheads must not be negative");
    }
    if (batching == null) {
      batching = Batching.CONTINUOUS;
    }
    if (kvReservation == null) {
      kvReservation = KvReservation.ON_DEMAND;
    }
    if (cudaGraphs == null) {
      cudaGraphs = CudaGraphs.NONE;
    }
    if (attentionKernel == null) {
      attentionKernel = "fa2";
    }
  }
}
