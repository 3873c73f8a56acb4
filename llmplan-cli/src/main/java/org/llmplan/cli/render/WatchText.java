package org.llmplan.cli.render;

import java.math.BigDecimal;
import java.math.MathContext;
import org.llmplan.watch.Reading;
import org.llmplan.watch.WatchReport;

/** What `llmplan watch` prints: each figure against its plan, then the verdict and its likely causes. */
public final class WatchText {
  private WatchText() {}

  public static String render(String kind, WatchReport report) {
    StringBuilder b = new StringBuilder(kind + " run against its plan, last " + report.window() + ":\n");
    Table t = new Table("figure", "plan", "observed", "bound", "verdict");
    for (Reading r : report.readings()) {
      String unit = r.unit().isEmpty() ? "" : " " + r.unit();
      t.row(r.what(), value(r.planned(), unit), value(r.observed(), unit), value(r.limit(), unit),
          r.verdict().label());
    }
    b.append(t.render());
    if (!report.drifting()) {
      return b.append("On plan.\n").toString();
    }
    if (report.causes().isEmpty()) {
      return b.append("Drifting: the figures marked drifting are beyond their plan's bound.\n").toString();
    }
    b.append("Drifting. Likely cause").append(report.causes().size() == 1 ? ":\n" : "s:\n");
    report.causes().forEach(c -> b.append("  ").append(c).append('\n'));
    return b.toString();
  }

  private static String value(double v, String unit) {
    if (Double.isNaN(v)) {
      return "-";
    }
    String n = v == 0 ? "0" : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    return n + unit;
  }
}
