package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Thresholds.round;

import java.util.Locale;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.infer.InferenceEstimate;

/**
 * Serving thresholds derived from the plan, shared by the autoscaler, the alert rules and the dashboard.
 *
 * <p>The queue threshold is the backlog one replica clears within the TTFT headroom: a request that arrives
 * behind {@code q} waiting requests starts about {@code q / X} seconds later (X = the replica's request
 * throughput with the queue full, Little's law), so beyond {@code X x (TTFT target - planned TTFT)} waiting
 * requests the first token misses its target. Without a TTFT target the headroom is {@link #DEFAULT_QUEUE_SECONDS}.
 *
 * @param ttftSeconds p99 time-to-first-token target, or 0 for none
 * @param tpotSeconds p99 time-per-output-token target, or 0 for none
 * @param plannedTtftSeconds first token of one request alone, as memory infer estimates it
 * @param plannedTpotSeconds one output token of one request alone
 * @param queueDepth waiting requests per replica above which the replica falls behind its TTFT target
 * @param requestsPerSecond one replica's request throughput with the queue full
 * @param outputTokensPerSecond all replicas' output tokens per second at the target rate (or at capacity)
 * @param plannedKvUsage KV-cache share in use per replica at the target rate (Little's law, capped at 1)
 */
public record ServingThresholds(
    double ttftSeconds,
    double tpotSeconds,
    double plannedTtftSeconds,
    double plannedTpotSeconds,
    int queueDepth,
    double requestsPerSecond,
    double outputTokensPerSecond,
    double plannedKvUsage) {

  /** KV-cache use above which new requests wait for pages and running ones get preempted (vLLM's example rule). */
  public static final double KV_USAGE = 0.95;
  /** Seconds of queueing tolerated when the plan has no TTFT target. */
  public static final double DEFAULT_QUEUE_SECONDS = 1.0;

  /**
   * KV-cache use that alerts: {@link #KV_USAGE}, or halfway from the planned use to a full cache when the plan
   * itself runs above it, so the alert never fires at plan.
   */
  public double kvUsageThreshold() {
    return Math.max(KV_USAGE, round((plannedKvUsage + 1) / 2));
  }

  public static ServingThresholds of(ServingLaunch plan) {
    InferenceEstimate e = plan.estimate();
    double x = e.offline().requestsPerSecond();
    double ttft = plan.ttftSlo().orElse(0.0);
    double tpot = plan.tpotSlo().orElse(0.0);
    if (ttft > 0 && e.ttftSeconds() >= ttft) {
      throw new InvalidLayoutException(String.format(Locale.ROOT, "one request alone takes %.3f s to its first "
          + "token, above the TTFT target %s s; use more TP or a shorter prompt before emitting",
          e.ttftSeconds(), Thresholds.plain(ttft)));
    }
    if (tpot > 0 && e.tpotSeconds() >= tpot) {
      throw new InvalidLayoutException(String.format(Locale.ROOT, "one request alone takes %.4f s per output "
          + "token, above the TPOT target %s s; use more TP or faster weights before emitting",
          e.tpotSeconds(), Thresholds.plain(tpot)));
    }
    double headroom = ttft > 0 ? ttft - e.ttftSeconds() : DEFAULT_QUEUE_SECONDS;
    int queue = (int) Math.max(1, Math.floor(x * headroom));
    double rate = plan.serving().ratePerSecond() != null ? plan.serving().ratePerSecond() : x * plan.replicas();
    double perReplica = rate / plan.replicas();
    double inFlight = perReplica * e.offline().e2eSeconds();
    double tokens = inFlight * (e.lengths().input() + e.lengths().output() / 2.0);
    double kv = Math.min(1, tokens / e.memory().kvTokens());
    return new ServingThresholds(ttft, tpot, round(e.ttftSeconds()), round(e.tpotSeconds()), queue, round(x),
        round(rate * e.lengths().output()), round(kv));
  }
}
