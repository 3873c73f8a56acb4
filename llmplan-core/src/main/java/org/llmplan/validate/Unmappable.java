package org.llmplan.validate;

/** A published row the mapping cannot state as a planner question; the message is the skip reason. */
final class Unmappable extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Unmappable(String reason) {
    super(reason, null, false, false);
  }
}
