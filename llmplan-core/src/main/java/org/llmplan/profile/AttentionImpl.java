package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.Choices;

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
    return Choices.parse("attention implementation", text, values(), AttentionImpl::label);
  }
}
