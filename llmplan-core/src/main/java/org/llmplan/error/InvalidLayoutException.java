package org.llmplan.error;

/** A parallel layout that breaks a rule (heads not divisible by TP, GPUs not equal to TP x PP x DP x CP, ...). */
public final class InvalidLayoutException extends PlanInputException {
  private static final long serialVersionUID = 1L;

  public InvalidLayoutException(String message) {
    super(message);
  }

  @Override
  public String kind() {
    return "invalid-layout";
  }
}
