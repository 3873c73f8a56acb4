package org.llmplan.serving;

import org.llmplan.error.InvalidValueException;

/** How an engine forms the batch of each iteration. */
public sealed interface SchedulerPolicy {
  /**
   * Iteration-level (continuous) batching as vLLM's V1 scheduler runs it: every iteration, first the running
   * sequences in the order they were admitted (one token for each decoding one, the next chunk for a prompt
   * still being read), then waiting requests first come first served, while the token budget, the sequence
   * limit and the KV cache allow. Sequences join and leave the batch at any iteration.
   *
   * @param maxBatchedTokens tokens one iteration processes at most, all sequences together (vLLM
   *     {@code --max-num-batched-tokens})
   * @param maxSequences sequences running at once at most (vLLM {@code --max-num-seqs})
   * @param chunkedPrefill whether a prompt may be split over iterations to fit the token budget; without it a
   *     waiting prompt is admitted only when all of it fits the budget left
   */
  record ContinuousBatching(int maxBatchedTokens, int maxSequences, boolean chunkedPrefill)
      implements SchedulerPolicy {
    /**
     * 8192 batched tokens (vLLM V1's default for its OpenAI server on 80 GB-class GPUs), 256 sequences (vLLM's
     * long-standing max-num-seqs default; recent versions allow more on large GPUs), chunked prefill on.
     */
    public static final ContinuousBatching VLLM_DEFAULT = new ContinuousBatching(8192, 256, true);

    public ContinuousBatching {
      InvalidValueException.requirePositive("max-num-batched-tokens", maxBatchedTokens);
      InvalidValueException.requirePositive("max-num-seqs", maxSequences);
    }
  }

  /**
   * Request-level (static) batching as FasterTransformer and plain Hugging Face generate run it: when the
   * engine is idle it takes up to {@code batchSize} waiting requests, reads all their prompts in one
   * iteration, then decodes the whole batch until its longest answer ends; requests that arrive meanwhile
   * wait for the next batch, and finished sequences keep their slot (and are computed as padding).
   */
  record StaticBatching(int batchSize) implements SchedulerPolicy {
    public StaticBatching {
      InvalidValueException.requirePositive("the static batch size", batchSize);
    }
  }
}
