/**
 * JMH benchmarks of the engine's speed: one training layout's memory and step time, the layout search's
 * evaluations per second, a serving iteration's cost, a simulated hour of serving traffic, the network estimate
 * and the reliability Monte Carlo; and, outside JMH, the HTTP server under load ({@link
 * org.llmplan.bench.ServerLoadBenchmark}). Speed is measured here, never asserted in a unit test.
 *
 * <p>Dependencies: The engine (llmplan-core), and the server (llmplan-server) for its load benchmark only.
 */
package org.llmplan.bench;
