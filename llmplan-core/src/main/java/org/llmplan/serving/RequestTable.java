package org.llmplan.serving;

import java.util.Arrays;
import org.HdrHistogram.Histogram;

/**
 * The state of every request in one simulation, in primitive arrays indexed by arrival order (a request is
 * on one engine at a time, so engines share the table), and what was measured of it.
 */
final class RequestTable {
  final int count;
  final double[] arrival;
  final int[] input;
  final int[] output;
  /** Answer tokens produced so far. */
  final int[] generated;
  /** Tokens whose KV is in the cache of the engine that holds the request (prompt and answer so far). */
  final int[] computed;
  /** KV-cache blocks the request holds. */
  final int[] blocks;
  final double[] firstScheduled;
  final double[] firstToken;
  final double[] lastToken;
  final double[] finish;
  /** Set when a request leaves its engine in the iteration being completed. */
  final boolean[] leaving;
  private final double warmupSeconds;
  /** Inter-token gaps of measured requests in nanoseconds, 3 significant digits. */
  private final Histogram itlNanos = new Histogram(3);
  /** A run of equal gaps not yet in the histogram: most tokens of an iteration share one gap. */
  private long runNanos = -1;
  private long runLength;
  double itlSumSeconds;
  double itlMaxSeconds;
  int finished;
  long preemptions;

  RequestTable(Requests requests, double warmupSeconds) {
    count = requests.count();
    arrival = new double[count];
    input = new int[count];
    output = new int[count];
    for (int i = 0; i < count; i++) {
      arrival[i] = requests.arrivalSeconds(i);
      input[i] = requests.inputTokens(i);
      output[i] = requests.outputTokens(i);
    }
    generated = new int[count];
    computed = new int[count];
    blocks = new int[count];
    firstScheduled = nans(count);
    firstToken = nans(count);
    lastToken = nans(count);
    finish = nans(count);
    leaving = new boolean[count];
    this.warmupSeconds = warmupSeconds;
  }

  private static double[] nans(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }

  boolean measured(int id) {
    return arrival[id] >= warmupSeconds;
  }

  /** Tokens the sequence holds: its prompt and the answer so far. */
  int tokens(int id) {
    return input[id] + generated[id];
  }

  void scheduled(int id, double now) {
    if (Double.isNaN(firstScheduled[id])) {
      firstScheduled[id] = now;
    }
  }

  /** A token of request {@code id} reaches the user at {@code seconds}. */
  void deliver(int id, double seconds) {
    if (Double.isNaN(firstToken[id])) {
      firstToken[id] = seconds;
    } else if (measured(id)) {
      double gap = seconds - lastToken[id];
      long nanos = Math.round(gap * 1e9);
      if (nanos != runNanos) {
        endRun();
        runNanos = nanos;
      }
      runLength++;
      itlSumSeconds += gap;
      itlMaxSeconds = Math.max(itlMaxSeconds, gap);
    }
    lastToken[id] = seconds;
  }

  private void endRun() {
    if (runLength > 0) {
      itlNanos.recordValueWithCount(runNanos, runLength);
      runLength = 0;
    }
  }

  /** Every inter-token gap recorded, in nanoseconds. */
  Histogram itlNanos() {
    endRun();
    return itlNanos;
  }

  void finish(int id, double seconds) {
    finish[id] = seconds;
    finished++;
  }
}
