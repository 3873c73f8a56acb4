package org.llmplan.model;

import org.llmplan.hardware.Accelerator;

/**
 * The bytes of a model's weights alone in one number format, and the fewest accelerators whose memory holds
 * them: the first sanity check ("175 B parameters in 16-bit weights are 350 GB, more than one 80 GB GPU").
 *
 * @param format the weight format's label (bf16, fp8, int4, nvfp4, ...)
 * @param bytesPerParam bytes of one weight with its share of the format's scales
 */
public record WeightFootprint(double params, String format, double bytesPerParam, double bytes, Accelerator gpu,
    long minGpus) {

  public static WeightFootprint of(double params, String format, double bytesPerParam, Accelerator gpu) {
    double bytes = params * bytesPerParam;
    return new WeightFootprint(params, format, bytesPerParam, bytes, gpu, (long) Math.ceil(bytes / gpu.memoryBytes()));
  }

  public boolean fitsOneGpu() {
    return bytes <= gpu.memoryBytes();
  }
}
