package org.llmplan.serving;

import org.llmplan.profile.Batching;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceMemory;
import org.llmplan.infer.IterationTime;

/** Turns a deployment of the inference model into the instance the simulator serves with. */
public final class ServingInstances {
  private ServingInstances() {}

  /**
   * One replica of {@code d}: iterations timed by {@link IterationTime}, the KV capacity the memory estimate
   * leaves ({@code memory} must fit), the engine's scheduler limits, tp x pp GPUs.
   *
   * @param staticBatch a static batch size to compare with continuous batching, or null for the engine's own
   *     batching (a static engine such as Hugging Face generate batches max-num-seqs requests)
   */
  public static ServingInstance of(InferenceDeployment d, InferenceMemory memory, Integer staticBatch) {
    if (!memory.fits()) {
      throw new IllegalArgumentException("the deployment does not fit: " + memory.reason());
    }
    // A running sequence holds at least one block, so the pool caps the sequences when the engine does not.
    int maxSequences = (int) Math.min(d.sequenceCap(), Math.max(1, memory.kvBlocks() * d.attentionRanks()));
    int budget = d.tokenBudget() > 0 ? (int) Math.min(d.tokenBudget(), Integer.MAX_VALUE) : Integer.MAX_VALUE;
    SchedulerPolicy policy = staticBatch != null ? new SchedulerPolicy.StaticBatching(staticBatch)
        : d.engine().batching() == Batching.STATIC ? new SchedulerPolicy.StaticBatching(maxSequences)
        : new SchedulerPolicy.ContinuousBatching(budget, maxSequences, d.chunkedPrefill());
    return new ServingInstance(new IterationTime(d), memory.kvTokens(), d.blockSize(), policy, d.gpus());
  }
}
