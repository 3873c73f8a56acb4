/**
 * The training estimators: memory per GPU of the most loaded pipeline stage (model state under each sharding,
 * activations as the framework's code saves them, buffers) and the time of one optimizer step (per-layer
 * compute on the roofline, exposed tensor, context, expert, pipeline and data-parallel communication, the
 * pipeline bubble, the optimizer), each as a tree of explained parts, plus the closed-form peak the search
 * checks and what a whole run costs. A {@link org.llmplan.train.TrainingJob} is the checked input; names are
 * resolved before it.
 *
 * <p>Dependencies: {@code error}, {@code estimate}, {@code hardware}, {@code model}, {@code parallel}, {@code
 * profile} and {@code comm}. Never {@code catalog} or {@code request}: estimators take resolved values
 * (ArchitectureTest).
 */
package org.llmplan.train;
