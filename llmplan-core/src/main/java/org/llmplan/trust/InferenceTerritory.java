package org.llmplan.trust;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.infer.InferenceDeployment;

/**
 * Where a serving estimate lies: the engine, the GPU, dense or MoE, the weight format, and whether the
 * quantity is a per-request latency (TTFT, TPOT: one request's path through prefill or decode) or a rate (a
 * batch's steady state), and whether tensor parallelism adds its all-reduces.
 */
public final class InferenceTerritory {
  /** The regime of a per-request latency; a rate has none. */
  static final String LATENCY = "latency";
  static final String TENSOR_PARALLEL = "tensor-parallel";

  private InferenceTerritory() {}

  public static Territory of(InferenceDeployment d, boolean latency) {
    List<String> regimes = new ArrayList<>();
    if (latency) {
      regimes.add(LATENCY);
    }
    if (d.tp() > 1) {
      regimes.add(TENSOR_PARALLEL);
    }
    return Territory.of(d.engine().name(), d.gpu(), d.model().isMoe(), d.weights().label(), regimes);
  }
}
