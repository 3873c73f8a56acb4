package org.llmplan.search;

import org.llmplan.error.Choices;

/** Which time a search ranks by: the estimate, or the slow end of its error band (the pessimist's). */
public enum RankBy {
  /** The step time as estimated. */
  ESTIMATE("estimate"),
  /** The slow end of the step time's band: a plan far from validated ground pays for its wider band. */
  PESSIMISTIC("pessimistic");

  private final String label;

  RankBy(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static RankBy parse(String text) {
    return Choices.parse("rank-by", text, values(), RankBy::label);
  }
}
