package org.llmplan.serving;

/**
 * Iteration-level batching as vLLM's V1 scheduler does it ({@code vllm/v1/core/sched/scheduler.py}). Each
 * iteration:
 *
 * <ol>
 *   <li>running sequences in admission order each take what they still need (1 token when decoding, the rest
 *       of a prompt when reading one), cut to the token budget left; a sequence whose new tokens need a KV
 *       block when none is free preempts the most recently admitted running sequence (its blocks are freed
 *       and it goes back to the front of the queue, to be recomputed from its prompt and the answer so far),
 *       repeatedly, until the blocks fit or it has preempted itself;
 *   <li>if nothing was preempted, waiting requests first come first served join while the budget, the
 *       sequence limit and free blocks allow: the whole prompt, or with chunked prefill as much of it as the
 *       budget leaves;
 *   <li>the iteration takes {@code IterationCost.seconds} of the prompt chunks and decoding sequences; a
 *       sequence whose KV then covers all its tokens samples one answer token at the end.
 * </ol>
 *
 * <p>Blocks are allocated as sequences grow, so a sequence of t tokens in the cache holds ceil(t / block)
 * blocks. A sequence that feeds its last sampled token alone is a decode (context = tokens cached after the
 * step); any other work is prefill.
 */
final class ContinuousBatchingEngine extends Engine {
  private final int maxTokens;
  private final int maxSequences;
  private final boolean chunked;
  private final int[] running;
  private int runningCount;
  private final int[] scheduledIds;
  private final int[] scheduledTokens;
  private int scheduledCount;
  private long prefillTokens;
  private long attended;
  private int decodes;
  private long context;

  ContinuousBatchingEngine(RequestTable table, ServingInstance instance, SchedulerPolicy.ContinuousBatching policy,
      Handoff handoff) {
    super(table, instance, handoff);
    this.maxTokens = policy.maxBatchedTokens();
    this.maxSequences = policy.maxSequences();
    this.chunked = policy.chunkedPrefill();
    this.running = new int[maxSequences];
    this.scheduledIds = new int[maxSequences];
    this.scheduledTokens = new int[maxSequences];
  }

  @Override
  int outstanding() {
    return waiting.size() + runningCount;
  }

  @Override
  double startIteration(double now) {
    RequestTable t = table;
    int budget = maxTokens;
    boolean preempted = false;
    scheduledCount = 0;
    prefillTokens = 0;
    attended = 0;
    decodes = 0;
    context = 0;
    for (int i = 0; i < runningCount && budget > 0; i++) {
      int id = running[i];
      int n = Math.min(t.tokens(id) - t.computed[id], budget);
      int newBlocks = blocksFor(t.computed[id] + n) - t.blocks[id];
      while (newBlocks > freeBlocks && runningCount > i) {
        preempt(running[--runningCount]);
        preempted = true;
      }
      if (runningCount == i) {
        break;
      }
      schedule(id, n, newBlocks);
      budget -= n;
    }
    while (!preempted && budget > 0 && runningCount < maxSequences && !waiting.isEmpty()) {
      int id = waiting.peekFirst();
      int need = t.tokens(id) - t.computed[id];
      if (!chunked && need > budget) {
        break;
      }
      int n = Math.min(need, budget);
      int newBlocks = blocksFor(t.computed[id] + n) - t.blocks[id];
      if (newBlocks > freeBlocks) {
        break;
      }
      waiting.pollFirst();
      running[runningCount++] = id;
      t.scheduled(id, now);
      schedule(id, n, newBlocks);
      budget -= n;
    }
    return scheduledCount == 0 ? 0 : time(prefillTokens, attended, decodes, context);
  }

  /** Puts {@code tokens} new tokens of {@code id} into this iteration, as decode or prefill work. */
  private void schedule(int id, int tokens, int newBlocks) {
    allocate(id, newBlocks);
    scheduledIds[scheduledCount] = id;
    scheduledTokens[scheduledCount] = tokens;
    scheduledCount++;
    int cached = table.computed[id];
    if (tokens == 1 && cached == table.tokens(id) - 1 && table.generated[id] > 0) {
      decodes++;
      context += cached + 1;
    } else {
      prefillTokens += tokens;
      attended += attendedPairs(tokens, cached);
    }
  }

  private void preempt(int id) {
    release(id);
    table.computed[id] = 0;
    table.preemptions++;
    waiting.addFirst(id);
  }

  @Override
  void completeIteration(double end) {
    RequestTable t = table;
    boolean anyLeft = false;
    for (int k = 0; k < scheduledCount; k++) {
      int id = scheduledIds[k];
      t.computed[id] += scheduledTokens[k];
      if (t.computed[id] == t.tokens(id) && produced(id, end)) {
        t.leaving[id] = true;
        anyLeft = true;
      }
    }
    if (anyLeft) {
      int kept = 0;
      for (int i = 0; i < runningCount; i++) {
        int id = running[i];
        if (t.leaving[id]) {
          t.leaving[id] = false;
        } else {
          running[kept++] = id;
        }
      }
      runningCount = kept;
    }
  }
}
