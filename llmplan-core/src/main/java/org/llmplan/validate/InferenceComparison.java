package org.llmplan.validate;

import java.util.List;

/**
 * One quantity of one serving row compared.
 *
 * @param layout the deployment in short form, e.g. "TP2 PP1 fp8 weights, fp8 KV, tensorrt-llm"
 * @param lengths input/output tokens, e.g. "128/2048"
 * @param concurrency sequences in flight per replica in the planner's steady state, and what limits them
 * @param assumptions the mapping's defaults and substitutions for this row
 */
public record InferenceComparison(
    String id,
    String model,
    int gpus,
    String gpu,
    String layout,
    String lengths,
    String concurrency,
    InferenceMetric metric,
    double measured,
    double predicted,
    List<String> assumptions) {

  public InferenceComparison {
    assumptions = List.copyOf(assumptions);
  }

  /** (predicted - measured) / measured, in percent. */
  public double errorPct() {
    return (predicted - measured) / measured * 100;
  }
}
