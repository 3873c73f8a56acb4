package org.llmplan.serving;

import java.util.ArrayDeque;
import org.llmplan.infer.IterationCost;

/**
 * One serving instance in the simulation: a queue of waiting requests, a paged KV cache, and at most one
 * iteration in flight. The simulator calls {@link #advance} at the instance's next event time; the
 * subclasses decide what each iteration runs.
 */
abstract class Engine {
  /** What happens to a request whose prompt a prefill-only instance has read. */
  interface Handoff {
    void leave(int id, double seconds);
  }

  final RequestTable table;
  final ServingInstance instance;
  final ArrayDeque<Integer> waiting = new ArrayDeque<>();
  private final IterationCost cost;
  private final int blockSize;
  private final int totalBlocks;
  private final Handoff handoff;
  int freeBlocks;
  int peakUsedBlocks;
  /** When the iteration in flight ends, or when an idle engine that was given work starts; infinite if idle. */
  double nextEventSeconds = Double.POSITIVE_INFINITY;
  private boolean inFlight;
  double busySeconds;
  /** Busy seconds apportioned to prompt work, for the input/output split of cost. */
  double inputSeconds;
  long iterations;

  /** @param handoff null for an engine that generates whole answers; else where a read prompt goes */
  Engine(RequestTable table, ServingInstance instance, Handoff handoff) {
    this.table = table;
    this.instance = instance;
    this.cost = instance.cost();
    this.blockSize = instance.blockSizeTokens();
    this.totalBlocks = instance.kvBlocks();
    this.freeBlocks = totalBlocks;
    this.handoff = handoff;
  }

  /** Requests queued or running here. */
  abstract int outstanding();

  /** Plans the next iteration at {@code now}; returns its seconds, or 0 when there is nothing to run. */
  abstract double startIteration(double now);

  /** Applies the iteration in flight, which ends at {@code end}. */
  abstract void completeIteration(double end);

  void enqueue(int id, double now) {
    waiting.addLast(id);
    if (!inFlight && nextEventSeconds == Double.POSITIVE_INFINITY) {
      nextEventSeconds = now;
    }
  }

  final void advance(double now) {
    if (inFlight) {
      completeIteration(now);
    }
    double seconds = startIteration(now);
    inFlight = seconds > 0;
    nextEventSeconds = inFlight ? now + seconds : Double.POSITIVE_INFINITY;
  }

  final int blocksFor(long tokens) {
    return (int) ((tokens + blockSize - 1) / blockSize);
  }

  int totalBlocks() {
    return totalBlocks;
  }

  final void allocate(int id, int newBlocks) {
    freeBlocks -= newBlocks;
    table.blocks[id] += newBlocks;
    peakUsedBlocks = Math.max(peakUsedBlocks, totalBlocks - freeBlocks);
  }

  final void release(int id) {
    freeBlocks += table.blocks[id];
    table.blocks[id] = 0;
  }

  /** One answer token of {@code id} was sampled at {@code end}; returns whether the request leaves. */
  final boolean produced(int id, double end) {
    table.generated[id]++;
    if (handoff != null && table.generated[id] < table.output[id]) {
      release(id);
      handoff.leave(id, end);
      return true;
    }
    table.deliver(id, end);
    if (table.generated[id] == table.output[id]) {
      release(id);
      table.finish(id, end);
      return true;
    }
    return false;
  }

  /**
   * The iteration's time from the cost model, with the share spent on prompt tokens: a mixed iteration is
   * split in proportion to what its prompt part and its decode part would each take alone.
   */
  final double time(long prefillTokens, long attendedPairs, int decodeSequences, long decodeContextTokens) {
    double seconds = cost.seconds(prefillTokens, attendedPairs, decodeSequences, decodeContextTokens);
    if (!(seconds > 0 && seconds < Double.POSITIVE_INFINITY)) {
      throw new IllegalStateException("the iteration cost must be positive and finite, got " + seconds + " for "
          + prefillTokens + " prompt tokens and " + decodeSequences + " decoding sequences");
    }
    busySeconds += seconds;
    iterations++;
    if (prefillTokens > 0 && decodeSequences > 0) {
      double prompt = cost.seconds(prefillTokens, attendedPairs, 0, 0);
      double decode = cost.seconds(0, 0, decodeSequences, decodeContextTokens);
      inputSeconds += seconds * prompt / (prompt + decode);
    } else if (prefillTokens > 0) {
      inputSeconds += seconds;
    }
    return seconds;
  }

  /** Causal attention work of a chunk of c tokens after p cached: c x (p + (c + 1) / 2), as IterationCost says. */
  static long attendedPairs(int chunk, int cached) {
    return (long) chunk * cached + (long) chunk * (chunk + 1) / 2;
  }
}
