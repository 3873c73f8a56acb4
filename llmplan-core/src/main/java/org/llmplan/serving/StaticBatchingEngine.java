package org.llmplan.serving;

/**
 * Request-level batching (FasterTransformer, Hugging Face generate): an idle engine takes up to the batch size
 * of waiting requests first come first served, reserving KV for each one's prompt and whole answer, reads all
 * prompts in one iteration (which samples every first token), then runs decode iterations over the whole
 * batch until its longest answer ends. Tokens stream to the users as they are sampled; a finished sequence
 * keeps its slot and is computed as padding (its context grows as if it went on) until the batch ends.
 */
final class StaticBatchingEngine extends Engine {
  private final int[] batch;
  private int size;
  private long promptTokens;
  private int longestAnswer;
  /** Decode iterations of the current batch completed; -1 while its prompts are being read. */
  private int decodeSteps;

  StaticBatchingEngine(RequestTable table, ServingInstance instance, SchedulerPolicy.StaticBatching policy) {
    super(table, instance, null);
    this.batch = new int[policy.batchSize()];
  }

  @Override
  int outstanding() {
    return waiting.size() + size;
  }

  @Override
  double startIteration(double now) {
    if (size > 0) {
      long step = decodeSteps + 1;
      return time(0, 0, size, promptTokens + size * step);
    }
    RequestTable t = table;
    long attended = 0;
    promptTokens = 0;
    longestAnswer = 0;
    while (size < batch.length && !waiting.isEmpty()) {
      int id = waiting.peekFirst();
      int reserve = blocksFor((long) t.input[id] + t.output[id] - 1);
      if (reserve > freeBlocks) {
        break;
      }
      waiting.pollFirst();
      allocate(id, reserve);
      t.scheduled(id, now);
      batch[size++] = id;
      promptTokens += t.input[id];
      attended += attendedPairs(t.input[id], 0);
      longestAnswer = Math.max(longestAnswer, t.output[id]);
    }
    decodeSteps = -1;
    return size == 0 ? 0 : time(promptTokens, attended, 0, 0);
  }

  @Override
  void completeIteration(double end) {
    RequestTable t = table;
    for (int k = 0; k < size; k++) {
      int id = batch[k];
      if (t.generated[id] < t.output[id]) {
        t.computed[id] = t.tokens(id);
        produced(id, end);
      }
    }
    decodeSteps++;
    if (decodeSteps == longestAnswer - 1) {
      for (int k = 0; k < size; k++) {
        release(batch[k]);
      }
      size = 0;
    }
  }
}
