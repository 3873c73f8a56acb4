/**
 * Watching a run against its plan: a client of the Prometheus HTTP API ({@link org.llmplan.watch.PrometheusClient},
 * java.net.http and Jackson), the metrics the emitted scrape config collects (dcgm-exporter, node_exporter, the
 * trainer's two gauges, the serving engine's series), and the drift analysis that compares them with the
 * planned figures and names the likely cause: a throttled GPU, a slow or failing link, memory creep, a queue
 * growing ({@link org.llmplan.watch.TrainingWatch}, {@link org.llmplan.watch.ServingWatch}).
 *
 * <p>May depend on error and Jackson only: the planned figures and the engine's metric names come in as
 * values, from the face that resolved the plan (so they are the same as the emitted alert thresholds).
 */
package org.llmplan.watch;
