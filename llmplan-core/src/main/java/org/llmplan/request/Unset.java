package org.llmplan.request;

/** A field a user left out is null; this reads it with what it then means. */
final class Unset {
  private Unset() {}

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }
}
