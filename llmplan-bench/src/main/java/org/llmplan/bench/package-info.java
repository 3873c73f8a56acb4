/**
 * JMH benchmarks of the engine's speed: one training layout's memory and step time, the layout search's
 * evaluations per second, a serving iteration's cost, a simulated hour of serving traffic, the network estimate
 * and the reliability Monte Carlo. Speed is measured here, never asserted in a unit test.
 *
 * <p>Dependencies: The engine (llmplan-core) only; no face.
 */
package org.llmplan.bench;
