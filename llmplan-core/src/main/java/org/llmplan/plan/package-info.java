/**
 * Saved plans: a training or serving question written out with every choice, in a versioned file that the
 * launch-bundle emitter or a later llmplan reads back to rebuild exactly the same job. Expected figures are not
 * stored; whoever reads a plan recomputes them with the same estimators.
 *
 * <p>Dependencies: {@code error} and {@code request} (and what a request builds on). Never a face
 * (ArchitectureTest).
 */
package org.llmplan.plan;
