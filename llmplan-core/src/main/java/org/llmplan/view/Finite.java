package org.llmplan.view;

/** JSON has no infinity or NaN: a value that is one (no limit given, no bandwidth suffices) is left out. */
final class Finite {
  private Finite() {}

  static Double orAbsent(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
