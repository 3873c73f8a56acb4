/**
 * The inference estimators: serving memory per GPU (weights in their format, activation workspace, the engine's
 * runtime, and the KV-cache pool that takes the rest), the KV bytes per token, the time of one engine iteration
 * over a batch that mixes prefill chunks and decoding tokens, and the steady-state throughput of a replica. An
 * {@link org.llmplan.infer.InferenceDeployment} is the checked input.
 *
 * <p>Dependencies: {@code error}, {@code estimate}, {@code hardware}, {@code model}, {@code parallel}, {@code
 * profile} and {@code comm}. Never {@code catalog} or {@code request} (ArchitectureTest).
 */
package org.llmplan.infer;
