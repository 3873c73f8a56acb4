package org.llmplan.cli.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.llmplan.calibrate.CalibratedValue;
import org.llmplan.calibrate.Calibration;
import org.llmplan.calibrate.ProbeResult;
import org.llmplan.calibrate.ReferencePlans.Shift;
import org.llmplan.hardware.Accelerator;

/** What `llmplan calibrate` prints: each value with its source, notes, and the reference plans before and after. */
public final class CalibrationReport {
  private CalibrationReport() {}

  public static String render(ProbeResult probe, Path from, Accelerator base, Calibration c, List<Shift> shifts,
      Path written) {
    ProbeResult.Machine m = probe.machine();
    StringBuilder b = new StringBuilder();
    b.append("Calibrated ").append(base.name()).append(base.name().equals(c.gpu().name()) ? "" : " as "
        + c.gpu().name()).append(" from ").append(from).append(" (").append(m.hostname()).append(", ")
        .append(m.deviceName()).append(", torch ").append(m.torch()).append(", ").append(m.worldSize())
        .append(m.worldSize() == 1 ? " rank" : " ranks").append(" on ").append(m.nodes())
        .append(m.nodes() == 1 ? " node)\n\n" : " nodes)\n\n");
    Table values = new Table("field", "catalog", "calibrated", "from");
    for (CalibratedValue v : c.values()) {
      values.row(v.field(), number(v.catalog()), v.fromProbe() ? number(v.calibrated()) : "kept",
          v.fromProbe() ? v.measurement() : v.reason());
    }
    b.append(values.render());
    long measured = c.values().stream().filter(CalibratedValue::fromProbe).count();
    b.append(measured).append(" of ").append(c.values().size()).append(" values from the probe; the others keep the ")
        .append("catalog's.\n");
    if (!c.notes().isEmpty()) {
      b.append("\nNotes:\n");
      c.notes().forEach(n -> b.append("  ").append(n).append('\n'));
    }
    b.append("\nReference plans, catalog -> calibrated:\n");
    Table plans = new Table("plan", "catalog", "calibrated", "change");
    for (Shift s : shifts) {
      plans.row(s.what(), millis(s.beforeSeconds()), millis(s.afterSeconds()),
          String.format(Locale.ROOT, "%+.1f %%", 100 * s.change()));
    }
    b.append(plans.render());
    Path folder = written.toAbsolutePath().getParent();
    b.append("\nWrote ").append(written).append("; plan with it: --catalog ").append(folder).append(" --gpu ")
        .append(c.gpu().name()).append('\n');
    return b.toString();
  }

  private static String number(double v) {
    return v == 0 ? "0" : new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static String millis(double seconds) {
    return seconds >= 1 ? String.format(Locale.ROOT, "%.3f s", seconds)
        : String.format(Locale.ROOT, "%.2f ms", seconds * 1000);
  }
}
