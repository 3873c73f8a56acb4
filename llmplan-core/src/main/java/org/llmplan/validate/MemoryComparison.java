package org.llmplan.validate;

/**
 * A measured memory figure of a published row next to the planner's: {@code peak_memory_gib} against the
 * estimate's allocated bytes (everything but the CUDA context and allocator slack, which PyTorch's max
 * allocated does not count), {@code state_memory_gib} against weights, gradients, master weights and
 * optimizer states.
 */
public record MemoryComparison(String id, String model, String metric, double measuredGib, double predictedGib) {

  public double errorPct() {
    return (predictedGib - measuredGib) / measuredGib * 100;
  }
}
