package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.model.WeightFootprint;

/** JSON of `memory weights` (docs/json.md). */
public final class WeightsView {
  private WeightsView() {}

  public static Map<String, Object> of(String model, WeightFootprint w) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("model", model);
    view.put("params", (long) w.params());
    view.put("precision", w.precision().label());
    view.put("bytesPerParam", w.precision().bytes());
    view.put("weightsBytes", w.bytes());
    view.put("gpu", w.gpu().name());
    view.put("gpuMemoryBytes", w.gpu().memoryBytes());
    view.put("fitsOneGpu", w.fitsOneGpu());
    view.put("minGpusForWeights", w.minGpus());
    return view;
  }
}
