package org.llmplan.serving;

import java.util.Optional;
import org.llmplan.error.InvalidValueException;

/**
 * The highest request rate one deployment sustains under latency targets, found by simulation as Vidur-Search
 * does (bracketing, then bisection on the rate; every trial with the same seed, so the same requests arrive
 * in the same pattern, only faster or slower).
 *
 * <ol>
 *   <li>Unloaded: up to {@value #UNLOADED_REQUESTS} of the workload's requests served one at a time. If even
 *       then a target is missed, no rate meets it: the answer is {@link Capacity.Infeasible}.
 *   <li>Bracket: from the rate that keeps one request in flight on average (1 / unloaded mean latency), double
 *       while the targets are met, or halve until they are (at most {@value #MAX_HALVINGS} times: a target
 *       still missed then is missed because requests arrive together, whatever the mean rate).
 *   <li>Bisect (geometrically) until the highest passing and lowest failing rates are within the tolerance.
 * </ol>
 *
 * <p>A rate passes when the p99 targets are met over the requests that arrive after the warm-up and the
 * deployment keeps up: requests / (first arrival to last token) is at least {@value #KEEPING_UP} of the rate
 * at which the drawn requests arrived, i.e. the queue left at the last arrival drains within a ninth of the
 * arrival window (so a loose target cannot pass a rate at which the queue only grows). The run must be long
 * next to one request's latency for either to mean much: a queue that grows slowly needs time to show.
 */
public final class CapacitySearch {
  public static final double DEFAULT_TOLERANCE = 0.01;
  static final int UNLOADED_REQUESTS = 500;
  static final double KEEPING_UP = 0.9;
  /** Doublings at most: 2^40 times the starting rate is beyond any deployment. */
  private static final int MAX_DOUBLINGS = 40;
  /** Halvings at most: a target missed at 1/64 of the one-in-flight rate is missed for bursts, not load. */
  private static final int MAX_HALVINGS = 6;

  private final ServingSimulator simulator = new ServingSimulator();
  private final Slo slo;
  private final double warmupSeconds;
  private final long seed;
  private final double tolerance;

  /**
   * @param warmupSeconds requests arriving earlier are left out of the latency figures of each trial
   * @param tolerance relative width of the final bracket, e.g. 0.01 for 1 %
   */
  public CapacitySearch(Slo slo, double warmupSeconds, long seed, double tolerance) {
    this.slo = slo;
    this.warmupSeconds = InvalidValueException.requireInRange("the warm-up (seconds)", warmupSeconds, 0, 1e9);
    this.seed = seed;
    this.tolerance = InvalidValueException.requireInRange("the search tolerance", tolerance, 1e-4, 1);
  }

  public Capacity search(Deployment deployment, Workload workload) {
    ServingMetrics unloaded = unloaded(deployment, workload.requests(seed));
    Optional<String> unloadedMiss = slo.miss(unloaded);
    if (unloadedMiss.isPresent()) {
      return new Capacity.Infeasible("infeasible, because " + unloadedMiss.get() + " even with one request at a "
          + "time (unloaded: TTFT p99 " + Seconds.format(unloaded.ttftSeconds().p99()) + ", TPOT p99 "
          + Seconds.format(unloaded.tpotSeconds().p99()) + "): use faster hardware, more tensor parallelism or "
          + "lower precision, shorten the prompts, or relax the target", unloaded);
    }
    int simulations = 1;
    double start = Math.min(RequestRates.MAX_PER_SECOND, 1 / unloaded.e2eSeconds().mean());
    Trial low = trial(deployment, workload, start);
    Trial high = null;
    simulations++;
    for (int step = 0; step < MAX_HALVINGS && low.miss.isPresent(); step++) {
      high = low;
      low = trial(deployment, workload, high.rate / 2);
      simulations++;
    }
    if (low.miss.isPresent()) {
      return new Capacity.Infeasible("infeasible, because at " + RequestRates.format(low.rate) + " (the lowest "
          + "rate tried) " + low.miss.get() + ", though one request at a time meets the targets (TTFT p99 "
          + Seconds.format(unloaded.ttftSeconds().p99()) + "): the arrivals come in bursts the deployment cannot "
          + "absorb; use more replicas per burst or relax the target", unloaded);
    }
    for (int step = 0; step < MAX_DOUBLINGS && high == null; step++) {
      double rate = Math.min(RequestRates.MAX_PER_SECOND, low.rate * 2);
      Trial next = trial(deployment, workload, rate);
      simulations++;
      if (next.miss.isPresent()) {
        high = next;
      } else if (rate == RequestRates.MAX_PER_SECOND) {
        break;
      } else {
        low = next;
      }
    }
    while (high != null && high.rate > low.rate * (1 + tolerance)) {
      Trial mid = trial(deployment, workload, Math.sqrt(low.rate * high.rate));
      simulations++;
      if (mid.miss.isPresent()) {
        high = mid;
      } else {
        low = mid;
      }
    }
    return new Capacity.Sustained(low.rate, low.metrics, unloaded, simulations);
  }

  private record Trial(double rate, ServingMetrics metrics, Optional<String> miss) {}

  private Trial trial(Deployment deployment, Workload workload, double rate) {
    Requests requests = workload.atRate(rate).requests(seed);
    ServingMetrics m = simulator.simulate(deployment, requests, warmupSeconds);
    Optional<String> miss = slo.miss(m);
    double arriving = requests.ratePerSecond();
    if (miss.isEmpty() && m.requestsPerSecond() < KEEPING_UP * arriving) {
      miss = Optional.of("the deployment completes " + RequestRates.format(m.requestsPerSecond()) + " while "
          + RequestRates.format(arriving) + " arrive");
    }
    return new Trial(rate, m, miss);
  }

  /** Requests one at a time: spaced out until no two overlap. */
  private ServingMetrics unloaded(Deployment deployment, Requests requests) {
    double spacing = 60;
    while (true) {
      ServingMetrics m = simulator.simulate(deployment, requests.spaced(UNLOADED_REQUESTS, spacing), 0);
      if (m.peakRequestsInSystem() <= 1) {
        return m;
      }
      spacing *= 10;
    }
  }
}
