package org.llmplan.network;

/**
 * One parallel dimension's traffic in one optimizer step, for a GPU of the pipeline stage with the most
 * layers.
 *
 * @param scaleUpBytesPerGpu bytes the GPU sends over its scale-up link (NVLink)
 * @param networkBytesPerNic bytes one NIC sends (the GPUs sharing it together)
 * @param transferSeconds seconds the links are busy with it, latency included
 * @param exposedSeconds what the step-time breakdown charges for it: the part no compute hides (plus, for
 *     PP, the transfers of the pipeline fill and drain on the critical path)
 */
public record DimensionTraffic(
    Dimension dimension,
    double scaleUpBytesPerGpu,
    double networkBytesPerNic,
    double transferSeconds,
    double exposedSeconds) {}
