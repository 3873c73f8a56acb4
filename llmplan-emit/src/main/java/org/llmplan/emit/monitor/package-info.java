/**
 * Monitoring for a launched plan: Prometheus scrape configuration, alerting rules (each with the series on
 * which it must fire and those on which it must not) and Grafana dashboards, with thresholds derived from the
 * plan's expected figures, for training runs and for serving.
 *
 * <p>Dependencies: The engine (llmplan-core) and the bundle types of {@code emit}. Never {@code server} or
 * {@code cli} (ArchitectureTest).
 */
package org.llmplan.emit.monitor;
