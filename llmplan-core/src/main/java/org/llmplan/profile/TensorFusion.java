package org.llmplan.profile;

/**
 * Horovod-style tensor fusion of data-parallel gradients: a background thread wakes every {@code cycleSeconds},
 * packs the gradients that backward has produced into a fusion buffer of up to {@code bufferBytes} and all-reduces
 * it, so reductions overlap backward but the last buffer waits up to a cycle and then runs after backward ends.
 *
 * @param bufferBytes the fusion buffer (HOROVOD_FUSION_THRESHOLD)
 * @param cycleSeconds the background thread's cycle (HOROVOD_CYCLE_TIME)
 */
public record TensorFusion(double bufferBytes, double cycleSeconds) {}
