/**
 * Saved plans: a training or serving question written out with every choice, in a versioned file that the
 * launch-bundle emitter or a later llmplan reads back to rebuild exactly the same job and run (token budget,
 * network, checkpoints and failures, learning rate). Expected figures are not stored; whoever reads a plan
 * recomputes them with the same estimators.
 *
 * <p>Dependencies: {@code error}, {@code request} (and what a request builds on), {@code catalog}, and the
 * run's models in {@code network}, {@code reliability}, {@code storage} and {@code estimate}. Never a face
 * (ArchitectureTest).
 */
package org.llmplan.plan;
