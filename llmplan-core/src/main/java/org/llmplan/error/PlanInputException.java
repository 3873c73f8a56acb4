package org.llmplan.error;

/**
 * A mistake in what the user asked for. Every subclass carries a one-line message that says what to change;
 * the CLI maps it to exit code 2, the API to HTTP 400.
 */
public abstract class PlanInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected PlanInputException(String message) {
    super(message);
  }

  protected PlanInputException(String message, Throwable cause) {
    super(message, cause);
  }

  /** A short machine-readable kind, used as the problem type in JSON errors. */
  public abstract String kind();
}
