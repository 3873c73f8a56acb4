package org.llmplan.search;

import org.llmplan.error.Choices;

/**
 * When a search tries offloading state to the host or NVMe. llmplan's step time does not charge offload
 * traffic, so an offloaded layout would look as fast as a layout without offload while in practice it is
 * slower: by default offload is the last resort, for GPU counts where nothing fits without it.
 */
public enum OffloadChoice {
  /** Only on a GPU type and count where no layout fits without offload. */
  IF_NEEDED("if-needed"),
  /** On every layout that does not fit without it. */
  ALWAYS("always"),
  /** Never. */
  NEVER("never");

  private final String label;

  OffloadChoice(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static OffloadChoice parse(String text) {
    return Choices.parse("offload choice", text, values(), OffloadChoice::label);
  }
}
