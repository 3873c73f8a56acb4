package org.llmplan.error;

/** A file that cannot be read as what it claims to be: a broken YAML catalog, a malformed config.json. */
public final class MalformedInputException extends PlanInputException {
  private static final long serialVersionUID = 1L;

  public MalformedInputException(String message) {
    super(message);
  }

  public MalformedInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String kind() {
    return "malformed-input";
  }
}
