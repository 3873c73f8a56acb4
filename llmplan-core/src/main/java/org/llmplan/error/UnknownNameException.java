package org.llmplan.error;

import java.util.List;

/** A name (GPU, model, cluster, ...) that no catalog holds. The message lists the closest known names. */
public final class UnknownNameException extends PlanInputException {
  private static final long serialVersionUID = 1L;

  public UnknownNameException(String what, String name, List<String> closeMatches) {
    super(message(what, name, closeMatches));
  }

  private static String message(String what, String name, List<String> closeMatches) {
    String hint = closeMatches.isEmpty()
        ? "run 'llmplan catalog list " + listOf(what) + "' to see the known names"
        : "did you mean " + String.join(", ", closeMatches) + "?";
    return "unknown " + what + " '" + name + "': " + hint;
  }

  /** The argument of `catalog list` that shows names of this kind. */
  private static String listOf(String what) {
    return switch (what) {
      case "storage" -> "storage";
      case "gpu", "model", "node", "fabric", "cluster", "framework", "engine" -> what + "s";
      default -> "gpus|models|nodes|clusters|fabrics|frameworks|engines|storage";
    };
  }

  @Override
  public String kind() {
    return "unknown-name";
  }
}
