/**
 * Failures over a training run: the job's mean time between interruptions from per-GPU failure rates, the
 * checkpoint interval that minimises expected lost time (Young/Daly), restarts, the resulting goodput and cost,
 * and a Monte Carlo of whole runs for the spread of time-to-train.
 *
 * <p>Dependencies: {@code error}, {@code hardware}, {@code train} and {@code storage} (the checkpoint's size
 * and times set the stall). Never {@code catalog} or {@code request} (ArchitectureTest).
 */
package org.llmplan.reliability;
