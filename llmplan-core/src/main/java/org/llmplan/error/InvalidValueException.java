package org.llmplan.error;

/** A number or option that is negative, zero where it must be positive, or absurd. */
public final class InvalidValueException extends PlanInputException {
  private static final long serialVersionUID = 1L;

  public InvalidValueException(String message) {
    super(message);
  }

  /** Fails with "NAME must be ..." unless {@code value} lies in [min, max]. */
  public static double requireInRange(String name, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidValueException(name + " must be between " + format(min) + " and " + format(max)
          + ", got " + format(value));
    }
    return value;
  }

  public static int requirePositive(String name, int value) {
    if (value < 1) {
      throw new InvalidValueException(name + " must be a positive whole number, got " + value);
    }
    return value;
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  @Override
  public String kind() {
    return "invalid-value";
  }
}
