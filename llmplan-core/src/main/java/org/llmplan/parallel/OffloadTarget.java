package org.llmplan.parallel;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** Where offloaded training state lives instead of GPU memory (ZeRO-Offload, ZeRO-Infinity, FSDP CPUOffload). */
public enum OffloadTarget {
  NONE,
  CPU,
  NVME;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static OffloadTarget parse(String text) {
    for (OffloadTarget t : values()) {
      if (t.label().equalsIgnoreCase(text.trim())) {
        return t;
      }
    }
    throw new InvalidValueException("unknown offload target '" + text + "': use none, cpu or nvme");
  }
}
