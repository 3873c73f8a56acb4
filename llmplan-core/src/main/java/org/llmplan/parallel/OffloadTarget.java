package org.llmplan.parallel;

import java.util.Locale;
import org.llmplan.error.Choices;

/** Where offloaded training state lives instead of GPU memory (ZeRO-Offload, ZeRO-Infinity, FSDP CPUOffload). */
public enum OffloadTarget {
  NONE,
  CPU,
  NVME;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OffloadTarget parse(String text) {
    return Choices.parse("offload target", text, values(), OffloadTarget::label);
  }
}
