package org.llmplan.emit;

/**
 * The Prometheus metrics of a serving engine that the alert rules, the dashboard and the autoscaler read.
 *
 * @param modelLabel the label that names the served model
 * @param ttftHistogram time to first token, seconds (a histogram: the name without _bucket)
 * @param tpotHistogram time per output token, seconds (a histogram)
 * @param kvUsage share of the KV cache in use (a gauge, 0 to 1)
 * @param waiting requests queued (a gauge)
 * @param running requests being served (a gauge)
 * @param generationTokens output tokens (a counter)
 * @param promptTokens prompt tokens (a counter)
 */
public record EngineMetrics(
    String modelLabel,
    String ttftHistogram,
    String tpotHistogram,
    String kvUsage,
    String waiting,
    String running,
    String generationTokens,
    String promptTokens) {

  /** The name prometheus-adapter gives the queue gauge as a custom metric (colons become underscores). */
  public String waitingAsCustomMetric() {
    return waiting.replace(':', '_');
  }
}
