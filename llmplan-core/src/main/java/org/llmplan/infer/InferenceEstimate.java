package org.llmplan.infer;

/**
 * What `memory infer` and the API answer for one deployment and request size: the memory per GPU, and when it
 * fits, the latency of one request alone and the offline throughput with all requests queued.
 *
 * @param ttftSeconds the prompt alone, or null when it does not fit
 * @param tpotSeconds one sequence decoding alone at its mean context (input + output / 2), or null
 * @param offline the steady state with all requests queued, or null when it does not fit
 */
public record InferenceEstimate(
    InferenceDeployment deployment,
    RequestLengths lengths,
    InferenceMemory memory,
    Double ttftSeconds,
    Double tpotSeconds,
    OfflineThroughput offline) {

  public static InferenceEstimate of(InferenceDeployment d, RequestLengths lengths) {
    lengths.checkAgainst(d);
    InferenceMemory memory = new InferenceMemoryEstimator().estimate(d, lengths);
    if (!memory.fits()) {
      return new InferenceEstimate(d, lengths, memory, null, null, null);
    }
    IterationTime cost = new IterationTime(d);
    return new InferenceEstimate(d, lengths, memory, cost.ttftSeconds(lengths.input()),
        cost.tpotSeconds(1, lengths.input() + lengths.output() / 2), OfflineThroughput.estimate(cost, memory, lengths));
  }
}
