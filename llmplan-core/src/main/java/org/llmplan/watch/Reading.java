package org.llmplan.watch;

/**
 * One figure of the run next to its plan.
 *
 * @param planned the planned figure, NaN when the plan has none (a health signal)
 * @param observed what Prometheus holds over the window, NaN when it holds nothing
 * @param limit the bound beyond which the run is off plan (the emitted alert's threshold), NaN for none
 */
public record Reading(String what, String unit, double planned, double observed, double limit, Verdict verdict) {
  /** How a figure stands against its plan. */
  public enum Verdict {
    ON_PLAN("on plan"), DRIFTING("drifting"), NO_DATA("no data"), SHOWN("");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Drifting when the observed value is beyond {@code limit} in the direction {@code above} says. */
  static Reading against(String what, String unit, double planned, double observed, double limit, boolean above) {
    if (Double.isNaN(observed)) {
      return new Reading(what, unit, planned, observed, limit, Verdict.NO_DATA);
    }
    boolean off = above ? observed > limit : observed < limit;
    return new Reading(what, unit, planned, observed, limit, off ? Verdict.DRIFTING : Verdict.ON_PLAN);
  }

  static Reading shown(String what, String unit, double planned, double observed) {
    return new Reading(what, unit, planned, observed, Double.NaN,
        Double.isNaN(observed) ? Verdict.NO_DATA : Verdict.SHOWN);
  }
}
