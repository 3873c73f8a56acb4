package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.Choices;

/** When an engine takes KV-cache blocks for a request: all at admission, or as its tokens arrive. */
public enum KvReservation {
  /** Blocks for input + output at admission, so nothing is ever evicted (TensorRT-LLM GUARANTEED_NO_EVICT). */
  FULL,
  /** Blocks as tokens are written; a full pool preempts a request (vLLM PagedAttention, SGLang retraction). */
  ON_DEMAND;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static KvReservation parse(String text) {
    return Choices.parse("KV reservation", text, values(), KvReservation::label);
  }
}
