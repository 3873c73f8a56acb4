package org.llmplan.train;

import java.util.List;
import java.util.Map;
import org.llmplan.estimate.Part;

/**
 * Time of one optimizer step and the rates that follow from it. The parts (seconds) sum to
 * {@code stepSeconds}: forward, backward, recompute, pipelineBubble, tpCommunication, cpCommunication,
 * epCommunication, ppCommunication, dpCommunication, optimizer.
 *
 * <p>FLOP conventions: {@code modelFlopsPerStep} counts 6 FLOPs per parameter per token for every matrix a
 * token passes through (LM head included, embedding lookup excluded) plus attention scores with the causal
 * mask halving them, and no recompute (as Megatron-LM counts since 2025-03). {@code hardwareFlopsPerStep}
 * adds what recompute re-runs. MFU and HFU divide them by the dense peak of the compute precision.
 *
 * @param tokensPerStep tokens of one global batch
 * @param peakFlopsPerGpu dense peak of the precision the GEMMs run in
 * @param notes assumptions the estimate had to make (uncalibrated accelerator, default network, ...)
 */
public record TimeEstimate(
    double stepSeconds,
    List<Part> parts,
    double tokensPerStep,
    int gpus,
    double modelFlopsPerStep,
    double hardwareFlopsPerStep,
    double peakFlopsPerGpu,
    List<String> notes) {

  public TimeEstimate {
    parts = List.copyOf(parts);
    notes = List.copyOf(notes);
  }

  public double tokensPerSecond() {
    return tokensPerStep / stepSeconds;
  }

  /** Model FLOP/s per GPU (see the class comment for the convention). */
  public double modelFlopsPerSecondPerGpu() {
    return modelFlopsPerStep / stepSeconds / gpus;
  }

  public double mfu() {
    return modelFlopsPerSecondPerGpu() / peakFlopsPerGpu;
  }

  public double hfu() {
    return hardwareFlopsPerStep / stepSeconds / gpus / peakFlopsPerGpu;
  }

  public Map<String, Double> partSeconds() {
    return Part.values(parts);
  }

  public Part part(String name) {
    return Part.find(parts, name);
  }
}
