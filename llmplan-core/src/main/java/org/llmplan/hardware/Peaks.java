package org.llmplan.hardware;

/**
 * Dense (non-sparse) peak throughput per number format, in TFLOP/s (TOP/s for int8). Zero means the
 * accelerator has no such mode; FP16 runs at the BF16 rate on every listed accelerator.
 */
public record Peaks(double fp32, double tf32, double bf16, double fp8, double int8, double fp4) {

  public double tflops(Precision precision) {
    return switch (precision) {
      case FP32 -> fp32;
      case TF32 -> tf32;
      case BF16, FP16 -> bf16;
      case FP8 -> fp8;
      case INT8 -> int8;
      case FP4 -> fp4;
    };
  }
}
