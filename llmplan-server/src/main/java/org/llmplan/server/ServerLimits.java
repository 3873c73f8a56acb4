package org.llmplan.server;

/**
 * How much of the machine one request and one client may take.
 *
 * @param httpThreads Jetty's threads: they read requests, wait for answers and write them
 * @param workThreads threads that compute answers (one per core by default)
 * @param workQueue answers that may wait for a work thread before requests are turned away (503)
 * @param workSeconds the longest one answer may compute (422 past it); searches have their own limit
 * @param perClient requests in flight from one client address (429 past it)
 * @param maxBodyBytes the largest request body (413 past it)
 * @param bodyMillis the longest a client may take to send its body: the connection is closed past it, so
 *     that slow clients free their thread
 * @param idleMillis a connection silent for this long is closed
 */
public record ServerLimits(int httpThreads, int workThreads, int workQueue, double workSeconds, int perClient,
    long maxBodyBytes, long bodyMillis, long idleMillis) {
  public static final ServerLimits DEFAULTS = new ServerLimits(250, Runtime.getRuntime().availableProcessors(), 64,
      10, 32, 1_000_000, 5_000, 10_000);
}
