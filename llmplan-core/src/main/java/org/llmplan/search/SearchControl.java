package org.llmplan.search;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How a running search is watched and stopped: a progress listener, a time limit, and {@link #cancel} (what
 * Ctrl-C calls). A stopped search answers with the best plans found so far.
 */
public final class SearchControl {
  /** Told how many units of work are done out of how many; called from the search threads. */
  public interface Progress {
    void update(long done, long total);
  }

  private final Progress progress;
  private final long startNanos = System.nanoTime();
  private final long deadlineNanos;
  private final String limitReason;
  private final AtomicLong done = new AtomicLong();
  private volatile long total;
  private volatile String stopReason;

  public SearchControl(double timeLimitSeconds, Progress progress) {
    this.progress = progress;
    boolean limited = timeLimitSeconds < 1e9;
    this.deadlineNanos = limited ? startNanos + (long) (timeLimitSeconds * 1e9) : Long.MAX_VALUE;
    this.limitReason = "time limit of " + timeLimitSeconds + " s reached";
  }

  public static SearchControl unlimited() {
    return new SearchControl(Double.POSITIVE_INFINITY, (d, t) -> { });
  }

  /** Stops the search as soon as its threads notice; the result says {@code reason}. */
  public void cancel(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  /** Whether the search should stop now (cancelled, or past its time limit). */
  boolean shouldStop() {
    if (stopReason != null) {
      return true;
    }
    if (System.nanoTime() > deadlineNanos) {
      cancel(limitReason);
      return true;
    }
    return false;
  }

  /** Why the search stopped early, or null when it ran to the end. */
  public String stopReason() {
    return stopReason;
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  void start(long units) {
    total = units;
    done.set(0);
    progress.update(0, units);
  }

  void advance() {
    progress.update(done.incrementAndGet(), total);
  }
}
