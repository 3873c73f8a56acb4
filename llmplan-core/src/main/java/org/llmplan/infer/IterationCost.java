package org.llmplan.infer;

/**
 * The time one serving-engine iteration takes: one forward pass over a batch that mixes prompt (prefill)
 * chunks and one new token for each decoding sequence, as iteration-level schedulers (vLLM, SGLang,
 * TensorRT-LLM in-flight batching) run it. The serving simulator asks this once per iteration, so an
 * implementation must be cheap: closed-form arithmetic, no allocation.
 */
@FunctionalInterface
public interface IterationCost {
  /**
   * @param prefillTokens prompt tokens processed this iteration, all chunks together
   * @param prefillAttendedPairs causal attention work of those chunks: for each chunk of c tokens after p
   *     tokens already cached, c x (p + (c + 1) / 2), the mean number of keys each query attends to, summed
   * @param decodeSequences sequences producing one token each this iteration
   * @param decodeContextTokens the context lengths of those sequences summed (the KV-cache tokens read)
   * @return seconds the iteration takes, positive
   */
  double seconds(long prefillTokens, long prefillAttendedPairs, int decodeSequences, long decodeContextTokens);
}
