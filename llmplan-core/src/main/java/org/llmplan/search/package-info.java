/**
 * The exhaustive training-layout search: every legal layout of every accelerator and GPU count, checked for
 * memory in closed form and timed when it fits, ranked by time, cost or expected time with failures, with the
 * Pareto fronts between them, a deterministic tie-break, progress, time limits and cancellation. The winners
 * are explained as {@code llmplan train} explains a job.
 *
 * <p>Dependencies: The request layer and everything below it: {@code request}, {@code catalog}, the estimators
 * ({@code train}, {@code storage}, {@code reliability}, ...) and the value packages. Never a face
 * (ArchitectureTest).
 */
package org.llmplan.search;
