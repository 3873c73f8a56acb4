package org.llmplan.search;

import org.llmplan.error.Choices;

/** What a layout search minimises; ties go to the next criterion, then to the simpler layout. */
public enum SearchObjective {
  /** Wall time to train the token budget, then cost. */
  TIME("time"),
  /** Money for the token budget, then wall time. */
  COST("cost"),
  /** GPUs in the job, then wall time: the smallest cluster that meets the deadline and budget. */
  GPUS("gpus");

  private final String label;

  SearchObjective(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static SearchObjective parse(String text) {
    return Choices.parse("objective", text, values(), SearchObjective::label);
  }
}
