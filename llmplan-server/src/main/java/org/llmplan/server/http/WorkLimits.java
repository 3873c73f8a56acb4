package org.llmplan.server.http;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's work of every request runs here: on a fixed number of threads (one per core, so that many
 * requests share the CPU instead of oversubscribing it), with a short queue, and with a deadline after which
 * the work is interrupted (the serving simulation checks for that) and the client told to ask for less.
 * The request threads of the HTTP server only read, wait and write.
 */
public final class WorkLimits implements AutoCloseable {
  private final ThreadPoolExecutor pool;
  private final double seconds;

  /**
   * @param threads threads that compute answers
   * @param queue requests that may wait for one of them before new ones are turned away
   * @param seconds the longest one request's work may run
   */
  public WorkLimits(int threads, int queue, double seconds) {
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
        r -> {
          Thread t = new Thread(r, "llmplan-work-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.seconds = seconds;
  }

  public double seconds() {
    return seconds;
  }

  /** Requests computing or waiting to. */
  public int busy() {
    return pool.getActiveCount() + pool.getQueue().size();
  }

  /** Runs {@code work} within the deadline; throws {@link TooMuchWork} past it, {@link Busy} when full. */
  public <T> T run(Callable<T> work) throws Exception {
    return run(work, seconds);
  }

  /** The same with a deadline of {@code limitSeconds}. */
  public <T> T run(Callable<T> work, double limitSeconds) throws Exception {
    Future<T> future;
    try {
      future = pool.submit(work);
    } catch (RejectedExecutionException e) {
      throw new Busy("the server is computing as many answers as it can; try again in a few seconds");
    }
    try {
      return future.get((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | CancellationException e) {
      future.cancel(true);
      throw new TooMuchWork("the answer takes more than " + (int) limitSeconds + " s to compute; ask for less (a "
          + "shorter duration, a lower rate, shorter requests or a smaller search)");
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new TooMuchWork("the request was stopped before its answer was ready");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** Work that would run past the deadline: HTTP 422, the request asks for more than one call may. */
  public static final class TooMuchWork extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooMuchWork(String message) {
      super(message);
    }
  }

  /** Every worker busy and the queue full: HTTP 503 with Retry-After. */
  public static final class Busy extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Busy(String message) {
      super(message);
    }
  }
}
