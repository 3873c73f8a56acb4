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
import java.util.function.BooleanSupplier;

/**
 * The engine's work of every request runs here: on a fixed number of threads (one per core, so that many
 * requests share the CPU instead of oversubscribing it), with a short queue, and with a deadline after which
 * the work is interrupted (the serving simulation checks for that) and the client told to ask for less. Work
 * whose client has gone is interrupted as well.
 * The request threads of the HTTP server only read, wait and write.
 */
public final class WorkLimits implements AutoCloseable {
  /** How often a computing request looks whether its client is still there. */
  public static final long POLL_MILLIS = 100;

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
    return run(work, seconds, () -> false);
  }

  /**
   * The same with a deadline of {@code limitSeconds}, and stopped (throwing {@link ClientGone}) within
   * {@link #POLL_MILLIS} of {@code clientGone} turning true.
   */
  public <T> T run(Callable<T> work, double limitSeconds, BooleanSupplier clientGone) throws Exception {
    Future<T> future;
    try {
      future = pool.submit(work);
    } catch (RejectedExecutionException e) {
      throw new Busy("the server is computing as many answers as it can; try again in a few seconds");
    }
    try {
      return await(future, System.nanoTime() + (long) (limitSeconds * 1e9), clientGone);
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

  /** The answer, waited for in steps of {@link #POLL_MILLIS} between which the client is looked at. */
  private static <T> T await(Future<T> future, long deadline, BooleanSupplier clientGone) throws Exception {
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException();
      }
      try {
        return future.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (clientGone.getAsBoolean()) {
          future.cancel(true);
          throw new ClientGone();
        }
      }
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

  /** The client closed its connection before the answer was ready: its work was stopped. */
  public static final class ClientGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClientGone() {
      super("the client closed the connection before the answer was ready");
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
