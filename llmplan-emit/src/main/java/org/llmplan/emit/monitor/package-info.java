/**
 * Monitoring files of training and serving bundles: Prometheus scrape configuration, alert rules with promtool
 * tests ({@code PrometheusFiles}, shared), Grafana dashboards ({@code Dashboard}, shared) and the thresholds both
 * derive from the plan. Serving rules and panels read the metric names of the engine's plug-in
 * ({@link org.llmplan.emit.EngineMetrics}).
 *
 * <p>May depend on: {@code org.llmplan.emit} and the engine below it.
 */
package org.llmplan.emit.monitor;
