/**
 * What the model is: a transformer's architecture (dense or MoE, MHA/GQA/MQA/MLA, gated MLP, norms, positions,
 * biases) and what follows from it alone, without a GPU or a layout: the exact parameter count split as
 * parallelism splits it, the FLOPs per token, and the bytes of the weights in a number format.
 *
 * <p>Dependencies: {@code error} and {@code hardware} (number formats and the accelerator memory a weight
 * footprint is set against). Never the catalog or an estimator (ArchitectureTest).
 */
package org.llmplan.model;
