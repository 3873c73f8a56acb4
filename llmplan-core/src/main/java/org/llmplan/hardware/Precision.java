package org.llmplan.hardware;

import java.util.Locale;
import org.llmplan.error.Choices;

/** Number formats that tensors are stored or multiplied in. */
public enum Precision {
  FP32(4),
  TF32(4),
  BF16(2),
  FP16(2),
  FP8(1),
  INT8(1),
  FP4(0.5);

  private final double bytes;

  Precision(double bytes) {
    this.bytes = bytes;
  }

  /** Bytes one element occupies in memory. */
  public double bytes() {
    return bytes;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Precision parse(String text) {
    return Choices.parse("precision", text, values(), Precision::label);
  }
}
