package org.llmplan.serving;

import java.util.Objects;
import org.llmplan.error.InvalidValueException;
import org.llmplan.infer.IterationCost;

/**
 * One serving engine instance (a model replica on its GPUs) as the simulator sees it.
 *
 * @param cost the time of one iteration, from the inference model
 * @param kvCapacityTokens tokens of KV cache the instance holds, all sequences together
 * @param blockSizeTokens tokens per KV-cache block (vLLM {@code --block-size}, 16 by default): the cache is
 *     handed out in whole blocks as sequences grow, PagedAttention style
 * @param policy how iterations are batched
 * @param gpus GPUs the instance occupies, for utilisation and cost
 */
public record ServingInstance(IterationCost cost, long kvCapacityTokens, int blockSizeTokens,
    SchedulerPolicy policy, int gpus) {
  public static final int VLLM_BLOCK_SIZE = 16;

  public ServingInstance {
    Objects.requireNonNull(cost, "cost");
    Objects.requireNonNull(policy, "policy");
    InvalidValueException.requirePositive("the KV block size", blockSizeTokens);
    InvalidValueException.requirePositive("GPUs per instance", gpus);
    if (kvCapacityTokens < blockSizeTokens) {
      throw new InvalidValueException("the KV cache holds " + kvCapacityTokens + " tokens, less than one block of "
          + blockSizeTokens + ": the model leaves no room for KV cache; use more GPUs (tensor parallelism), "
          + "lower precision or a GPU with more memory");
    }
    if (kvCapacityTokens / blockSizeTokens > Integer.MAX_VALUE) {
      throw new InvalidValueException("a KV cache of " + kvCapacityTokens + " tokens is more blocks than "
          + "the simulator counts: raise the block size");
    }
  }

  /** Whole blocks in the cache. */
  public int kvBlocks() {
    return (int) (kvCapacityTokens / blockSizeTokens);
  }
}
