package org.llmplan.validate;

import java.util.List;
import java.util.Locale;

/**
 * The precision (or low-precision recipe) a published row ran, as the planner's --precision names it. A row
 * that names a format the planner does not model is skipped, never run in another one; only a row that states
 * none is assumed BF16, and says so.
 */
final class RowPrecision {
  private RowPrecision() {}

  static String of(String text, List<String> assumptions) {
    String t = text == null ? "" : text.toUpperCase(Locale.ROOT).replace('_', '-');
    if (t.contains("NVFP4") || t.contains("FP4")) {
      return "nvfp4";
    }
    if (t.contains("MXFP8") || t.contains("FP8-MX")) {
      return "mxfp8";
    }
    if (t.contains("FP8-CS") || t.contains("CURRENT")) {
      return "fp8-current";
    }
    if (t.contains("BLOCKWISE") || t.contains("FP8-BLOCK")) {
      return "fp8-blockwise";
    }
    if (t.contains("FP8")) {
      return "fp8"; // tensorwise delayed scaling, Transformer Engine's default recipe
    }
    if (t.contains("FP16") && !t.contains("BF16")) {
      return "fp16";
    }
    if (text == null || t.isBlank() || t.contains("NOT STATED")) {
      assumptions.add("precision " + (text == null || t.isBlank() ? "not stated" : "'" + text + "'") + ": bf16");
      return "bf16";
    }
    if (t.contains("BF16")) {
      return "bf16";
    }
    throw new Unmappable("precision '" + text + "' is not a format the planner models");
  }
}
