package org.llmplan.view;

import org.llmplan.model.WeightFootprint;

/**
 * JSON of `memory weights --json` and GET /api/memory/weights (docs/json.md).
 *
 * @param minGpusForWeights the fewest GPUs whose memory holds the weights alone
 */
public record WeightsView(String model, long params, String precision, double bytesPerParam, double weightsBytes,
    String gpu, double gpuMemoryBytes, boolean fitsOneGpu, long minGpusForWeights) {

  public static WeightsView of(String model, WeightFootprint w) {
    return new WeightsView(model, (long) w.params(), w.format(), w.bytesPerParam(), w.bytes(),
        w.gpu().name(), w.gpu().memoryBytes(), w.fitsOneGpu(), w.minGpus());
  }
}
