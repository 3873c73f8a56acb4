/**
 * How a training job is split: the parallel layout (tensor, pipeline, data, context and expert parallel
 * degrees, virtual stages, micro-batch), what the data-parallel ranks shard, recompute and offload, and the
 * divisibility rules a layout must obey, each broken rule named with what to change.
 *
 * <p>Dependencies: {@code error} and {@code model} (the rules check heads, layers and experts). Never the
 * catalog or an estimator (ArchitectureTest).
 */
package org.llmplan.parallel;
