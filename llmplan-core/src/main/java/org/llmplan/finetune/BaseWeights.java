package org.llmplan.finetune;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/**
 * How the frozen base weights of an adapter fine-tune are stored. NF4 is QLoRA's 4-bit NormalFloat with one
 * absmax scale per block of 64 weights (Dettmers et al. 2023, section 3): an FP32 scale costs 32/64 = 0.5 bit
 * per weight; double quantization stores the scales in 8 bits with one FP32 scale per 256 blocks,
 * 8/64 + 32/(64*256) = 0.127 bit per weight (the paper's own figures). Only the blocks' linear weights are
 * quantized; embeddings, norms and the LM head stay 16-bit (bitsandbytes skips lm_head in transformers'
 * BitsAndBytesConfig).
 */
public enum BaseWeights {
  BF16, FP8, NF4;

  /** Weights per NF4 block and blocks per second-level scale (Dettmers et al. 2023, section 3). */
  public static final int NF4_BLOCK = 64;
  public static final int NF4_SCALE_BLOCK = 256;

  /** Bytes per quantized linear weight, scales included. */
  public double bytesPerWeight(boolean doubleQuant) {
    return switch (this) {
      case BF16 -> 2;
      case FP8 -> 1;
      case NF4 -> 0.5 + scaleBytesPerWeight(doubleQuant);
    };
  }

  /** The scales' share: 4 B per 64 weights, or 1 B per 64 plus 4 B per 64 x 256 with double quantization. */
  static double scaleBytesPerWeight(boolean doubleQuant) {
    return doubleQuant ? 1.0 / NF4_BLOCK + 4.0 / (NF4_BLOCK * NF4_SCALE_BLOCK) : 4.0 / NF4_BLOCK;
  }

  public static BaseWeights parse(String text) {
    if (text == null) {
      return BF16;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "bf16", "fp16", "16" -> BF16;
      case "fp8", "8" -> FP8;
      case "nf4", "4bit", "4" -> NF4;
      default -> throw new InvalidValueException("base precision '" + text + "' is not bf16, fp8 or nf4");
    };
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
