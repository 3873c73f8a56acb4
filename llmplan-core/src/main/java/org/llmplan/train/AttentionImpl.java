package org.llmplan.train;

import java.util.Locale;
import org.llmplan.error.InvalidValueException;

/** How the attention core runs: a fused flash kernel (no s x s tensors saved), PyTorch SDPA, or eager matmuls. */
public enum AttentionImpl {
  FLASH,
  SDPA,
  EAGER;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether the s-by-s score and probability tensors are kept for backward. */
  public boolean storesScores() {
    return this == EAGER;
  }

  public static AttentionImpl parse(String text) {
    for (AttentionImpl a : values()) {
      if (a.label().equalsIgnoreCase(text.trim())) {
        return a;
      }
    }
    throw new InvalidValueException("unknown attention implementation '" + text + "': use flash, sdpa or eager");
  }
}
