package org.llmplan.serving;

import java.util.PriorityQueue;
import org.llmplan.error.InvalidValueException;

/**
 * A discrete-event simulation of serving: requests arrive, wait, are batched iteration by iteration on each
 * instance ({@link ContinuousBatchingEngine}, {@link StaticBatchingEngine}), and leave when their last token
 * is sampled. Time jumps from event to event (an arrival, a KV transfer arriving, an iteration ending), so a
 * run costs a few array operations per scheduled sequence per iteration and nothing per idle moment.
 *
 * <p>Same deployment, same requests: same result, to the last bit.
 */
public final class ServingSimulator {
  private record Transfer(double seconds, int id) {}

  /**
   * Serves {@code requests} on {@code deployment}; latency figures leave out requests that arrive before
   * {@code warmupSeconds} (the time a system needs to fill up from empty).
   */
  public ServingMetrics simulate(Deployment deployment, Requests requests, double warmupSeconds) {
    InvalidValueException.requireInRange("the warm-up (seconds)", warmupSeconds, 0, 1e9);
    if (warmupSeconds > requests.lastArrivalSeconds()) {
      throw new InvalidValueException("the warm-up of " + warmupSeconds + " s leaves no request to measure (the "
          + "last arrives at " + requests.lastArrivalSeconds() + " s): shorten the warm-up or lengthen the run");
    }
    RequestTable table = new RequestTable(requests, warmupSeconds);
    PriorityQueue<Transfer> transfers = new PriorityQueue<>((a, b) -> a.seconds() != b.seconds()
        ? Double.compare(a.seconds(), b.seconds()) : Integer.compare(a.id(), b.id()));
    Engine[] engines = engines(deployment, requests, table, transfers);
    // Arrivals go to the replica, or to the prefill instances, which come first.
    int entryPool = deployment instanceof Deployment.Disaggregated split ? split.prefillInstances() : 1;
    return run(requests, table, transfers, engines, entryPool);
  }

  /** The deployment's engines, prefill instances first; a prefill instance hands each prompt to a transfer. */
  private static Engine[] engines(Deployment deployment, Requests requests, RequestTable table,
      PriorityQueue<Transfer> transfers) {
    if (deployment instanceof Deployment.Aggregated aggregated) {
      ServingInstance replica = aggregated.replica();
      requireFit(requests, replica, false, "the replica");
      return new Engine[] {engine(table, replica, null)};
    }
    Deployment.Disaggregated split = (Deployment.Disaggregated) deployment;
    requireFit(requests, split.prefill(), true, "a prefill instance");
    requireFit(requests, split.decode(), false, "a decode instance");
    KvTransfer link = split.transfer();
    int entryPool = split.prefillInstances();
    Engine[] engines = new Engine[entryPool + split.decodeInstances()];
    for (int i = 0; i < engines.length; i++) {
      engines[i] = i < entryPool
          ? engine(table, split.prefill(), (id, end) -> transfers.add(new Transfer(end + link.seconds(
              table.input[id]), id)))
          : engine(table, split.decode(), null);
    }
    return engines;
  }

  /** Jumps from event to event until every request has left. */
  private static ServingMetrics run(Requests requests, RequestTable table, PriorityQueue<Transfer> transfers,
      Engine[] engines, int entryPool) {
    int n = requests.count();
    int arrived = 0;
    double last = requests.arrivalSeconds(0);
    double inSystemSeconds = 0;
    int peakInSystem = 0;
    while (true) {
      if (Thread.currentThread().isInterrupted()) { // a server stops a simulation past its deadline
        throw new java.util.concurrent.CancellationException("serving simulation interrupted");
      }
      double nextArrival = arrived < n ? table.arrival[arrived] : Double.POSITIVE_INFINITY;
      double nextTransfer = transfers.isEmpty() ? Double.POSITIVE_INFINITY : transfers.peek().seconds();
      Engine due = null;
      double nextIteration = Double.POSITIVE_INFINITY;
      for (Engine e : engines) {
        if (e.nextEventSeconds < nextIteration) {
          nextIteration = e.nextEventSeconds;
          due = e;
        }
      }
      double now = Math.min(nextArrival, Math.min(nextTransfer, nextIteration));
      if (now == Double.POSITIVE_INFINITY) {
        break;
      }
      inSystemSeconds += (arrived - table.finished) * (now - last);
      last = now;
      if (nextArrival <= now) {
        leastLoaded(engines, 0, entryPool).enqueue(arrived, now);
        arrived++;
        peakInSystem = Math.max(peakInSystem, arrived - table.finished);
      } else if (nextTransfer <= now) {
        int id = transfers.poll().id();
        table.deliver(id, now);
        table.computed[id] = table.input[id];
        leastLoaded(engines, entryPool, engines.length).enqueue(id, now);
      } else {
        due.advance(now);
      }
    }
    if (table.finished != n) {
      throw new IllegalStateException(table.finished + " of " + n + " requests finished");
    }
    return ServingMetrics.of(table, engines, inSystemSeconds, peakInSystem);
  }

  private static Engine engine(RequestTable table, ServingInstance instance, Engine.Handoff handoff) {
    SchedulerPolicy policy = instance.policy();
    if (policy instanceof SchedulerPolicy.StaticBatching fixed) {
      return new StaticBatchingEngine(table, instance, fixed);
    }
    return new ContinuousBatchingEngine(table, instance, (SchedulerPolicy.ContinuousBatching) policy, handoff);
  }

  /** The engine in [from, to) with the fewest requests queued or running; the first of equals. */
  private static Engine leastLoaded(Engine[] engines, int from, int to) {
    Engine best = engines[from];
    for (int i = from + 1; i < to; i++) {
      if (engines[i].outstanding() < best.outstanding()) {
        best = engines[i];
      }
    }
    return best;
  }

  /**
   * Every request must fit the instance alone, or it could never finish: its KV cache (the prompt, and for an
   * instance that generates, the answer but its last token, which is never fed back) and, without chunked
   * prefill, a recomputed prompt and answer within one iteration's token budget.
   */
  private static void requireFit(Requests requests, ServingInstance instance, boolean promptOnly, String where) {
    long capacity = (long) instance.kvBlocks() * instance.blockSizeTokens();
    int budget = instance.policy() instanceof SchedulerPolicy.ContinuousBatching c && !c.chunkedPrefill()
        ? c.maxBatchedTokens() : Integer.MAX_VALUE;
    for (int i = 0; i < requests.count(); i++) {
      long tokens = promptOnly ? requests.inputTokens(i)
          : (long) requests.inputTokens(i) + requests.outputTokens(i) - 1;
      if (tokens > capacity || tokens > budget) {
        String what = "request " + (i + 1) + " (" + requests.inputTokens(i) + " input + "
            + requests.outputTokens(i) + " output tokens) needs " + tokens + " tokens";
        throw new InvalidValueException(tokens > capacity
            ? what + " of KV cache, more than the " + capacity + " that " + where + " holds: shorten prompts or "
                + "answers, or give the KV cache more memory (more GPUs, an FP8 KV cache, lower-precision weights)"
            : what + " in one iteration, more than max-num-batched-tokens " + budget + " of " + where
                + ": without chunked prefill a prompt must fit one iteration; raise max-num-batched-tokens or "
                + "turn chunked prefill on");
      }
    }
  }
}
