package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.Choices;

/** What an engine's memory-utilization fraction is a fraction of: how the KV-cache pool gets its size. */
public enum MemoryBudget {
  /** Of the whole GPU, which holds weights, activations, runtime and the pool (vLLM gpu_memory_utilization). */
  TOTAL,
  /** Of the whole GPU for weights and the pool; activations and runtime live outside (SGLang mem_fraction_static). */
  STATIC,
  /** Of the memory left after weights, activations and runtime (TensorRT-LLM kv_cache_free_gpu_memory_fraction). */
  FREE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static MemoryBudget parse(String text) {
    return Choices.parse("memory budget", text, values(), MemoryBudget::label);
  }
}
