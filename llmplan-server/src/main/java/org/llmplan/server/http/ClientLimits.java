package org.llmplan.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most so many requests in flight from one client address, so that one client (or many slow connections
 * from it) cannot take every thread of the server. A request over the limit is answered 429 at once, before
 * its body is read.
 */
public final class ClientLimits {
  private final int perClient;
  private final ConcurrentHashMap<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

  public ClientLimits(int perClient) {
    this.perClient = perClient;
  }

  public int perClient() {
    return perClient;
  }

  /** Counts a request of {@code client} in; false (and nothing counted) when it already has its limit. */
  public boolean enter(String client) {
    boolean[] entered = {false};
    inFlight.compute(client, (k, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      entered[0] = count.get() < perClient;
      if (entered[0]) {
        count.incrementAndGet();
      }
      return count.get() == 0 ? null : count;
    });
    return entered[0];
  }

  public void leave(String client) {
    inFlight.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
  }

  /** Requests in flight over all clients. */
  public int total() {
    return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
  }
}
