package org.llmplan.model;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;

/**
 * The bytes of a model's weights alone in one precision, and the fewest accelerators whose memory holds
 * them: the first sanity check ("175 B parameters in 16-bit weights are 350 GB, more than one 80 GB GPU").
 */
public record WeightFootprint(double params, Precision precision, double bytes, Accelerator gpu, long minGpus) {

  public static WeightFootprint of(double params, Precision precision, Accelerator gpu) {
    double bytes = params * precision.bytes();
    return new WeightFootprint(params, precision, bytes, gpu, (long) Math.ceil(bytes / gpu.memoryBytes()));
  }

  public boolean fitsOneGpu() {
    return bytes <= gpu.memoryBytes();
  }
}
