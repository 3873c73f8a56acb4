package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.Choices;

/** How an engine forms batches. */
public enum Batching {
  /** Iteration-level: finished sequences leave and queued ones join every step (Orca, vLLM, TensorRT-LLM). */
  CONTINUOUS,
  /** A batch runs to completion before the next starts (Hugging Face generate, FasterTransformer). */
  STATIC;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Batching parse(String text) {
    return Choices.parse("batching", text, values(), Batching::label);
  }
}
