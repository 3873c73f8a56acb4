package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.llmplan.cli.render.Table;
import org.llmplan.view.InferenceValidationView;
import org.llmplan.view.JsonText;
import org.llmplan.view.TrainingValidationView;
import org.llmplan.validate.ComparedRow;
import org.llmplan.validate.ErrorSummary;
import org.llmplan.validate.InferenceComparison;
import org.llmplan.validate.InferenceValidation;
import org.llmplan.validate.InferenceValidationReport;
import org.llmplan.validate.MemoryComparison;
import org.llmplan.validate.SkippedRow;
import org.llmplan.validate.TrainingValidation;
import org.llmplan.validate.ValidationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan validate ...`: how far the planner is from published measurements. */
@Command(name = "validate", description = "Compare the planner with published measurements.",
    mixinStandardHelpOptions = true)
final class ValidateCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** `llmplan validate training --data FILE.csv`: step-time predictions against published training runs. */
  @Command(name = "training", description = "Predict each published training run (CSV as in validation/README.md) "
      + "and compare with the measured throughput, in the source's own FLOP convention.",
      mixinStandardHelpOptions = true)
  static final class Training implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    Inputs in;

    @Override
    public void run() {
      ValidationReport report = new TrainingValidation(in.catalog.load()).run(in.data);
      PrintWriter out = spec.commandLine().getOut();
      if (in.json) {
        out.println(JsonText.write(TrainingValidationView.of(report)));
        return;
      }
      Table rows = new Table("id", "model", "GPUs", "layout", "metric", "measured", "predicted", "error %");
      for (ComparedRow r : report.rows()) {
        String metric = r.metric().column() + (r.convention() == null ? "" : " (" + r.convention().label() + ")");
        rows.row(r.id(), r.model(), r.gpus() + " x " + r.gpu(), r.layout(), metric, number(r.measured()),
            number(r.predicted()), String.format(Locale.ROOT, "%+.1f", r.errorPct()));
      }
      out.print(rows.render());
      printSkipped(out, report.skipped());
      if (report.memorySummary() != null) {
        out.println();
        Table memory = new Table("id", "model", "memory", "measured GiB", "predicted GiB", "error %");
        for (MemoryComparison m : report.memoryRows()) {
          memory.row(m.id(), m.model(), m.metric(), number(m.measuredGib()), number(m.predictedGib()),
              String.format(Locale.ROOT, "%+.1f", m.errorPct()));
        }
        out.print(memory.render());
        out.println("memory: " + summary(report.memorySummary()));
      }
      printFamilies(out, report.byFamily());
      printSummary(out, report.summary());
    }
  }

  /** `llmplan validate inference --data FILE.csv`: the serving model against published serving runs. */
  @Command(name = "inference", description = "Predict each published serving run (CSV as in validation/README.md) "
      + "and compare every quantity it reports: throughput, TTFT, TPOT, end-to-end latency.",
      mixinStandardHelpOptions = true)
  static final class Inference implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    Inputs in;

    @Override
    public void run() {
      InferenceValidationReport report = new InferenceValidation(in.catalog.load()).run(in.data);
      PrintWriter out = spec.commandLine().getOut();
      if (in.json) {
        out.println(JsonText.write(InferenceValidationView.of(report)));
        return;
      }
      Table rows = new Table("id", "model", "GPUs", "layout", "in/out", "in flight", "metric", "measured",
          "predicted", "error %");
      for (InferenceComparison r : report.rows()) {
        rows.row(r.id(), r.model(), r.gpus() + " x " + r.gpu(), r.layout(), r.lengths(), r.concurrency(),
            r.metric().column(), number(r.measured()), number(r.predicted()),
            String.format(Locale.ROOT, "%+.1f", r.errorPct()));
      }
      out.print(rows.render());
      printSkipped(out, report.skipped());
      Table families = new Table("family (GPU x model)", "rows", "median |error| %", "p90 |error| %");
      report.byFamily().forEach((f, s) -> families.row(f, Integer.toString(s.count()),
          String.format(Locale.ROOT, "%.1f", s.medianAbsErrorPct()), String.format(Locale.ROOT, "%.1f",
          s.p90AbsErrorPct())));
      out.println();
      out.print(families.render());
      printSummary(out, report.summary());
    }
  }

  /** Options every validate subcommand takes. */
  static final class Inputs {
    @Mixin
    CatalogOptions catalog;

    @Option(names = "--data", required = true, paramLabel = "FILE.csv", description = "Published measurements, "
        + "e.g. validation/training_published.csv or validation/inference_published.csv.")
    Path data;

    @Option(names = "--json", description = "Print as JSON (each row with its assumptions).")
    boolean json;
  }

  private static void printSkipped(PrintWriter out, List<SkippedRow> rows) {
    if (!rows.isEmpty()) {
      out.println();
      Table skipped = new Table("skipped", "reason");
      for (SkippedRow s : rows) {
        skipped.row(s.id(), s.reason());
      }
      out.print(skipped.render());
    }
  }

  private static void printFamilies(PrintWriter out, Map<String, ErrorSummary> families) {
    out.println();
    Table t = new Table("family", "rows", "median |error| %", "p90 %", "max %");
    families.forEach((family, s) -> t.row(family, String.valueOf(s.count()),
        String.format(Locale.ROOT, "%.1f", s.medianAbsErrorPct()), String.format(Locale.ROOT, "%.1f", s.p90AbsErrorPct()),
        String.format(Locale.ROOT, "%.1f", s.maxAbsErrorPct())));
    out.print(t.render());
  }

  private static void printSummary(PrintWriter out, ErrorSummary s) {
    out.println();
    out.println(summary(s));
    out.println("Each row's assumptions (defaults for what its source leaves unstated) are in --json.");
  }

  private static String summary(ErrorSummary s) {
    String head = s.count() + " rows, " + s.skipped() + " skipped";
    if (s.count() == 0) {
      return head + ": nothing to compare";
    }
    return String.format(Locale.ROOT, "%s: median |error| %.1f %%, p90 %.1f %%, max %.1f %%", head,
        s.medianAbsErrorPct(), s.p90AbsErrorPct(), s.maxAbsErrorPct());
  }

  /** Four significant figures or more: the sources print TFLOP/s as 408.8, token rates up to 6 digits. */
  private static String number(double v) {
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a >= 1000 ? "%,.0f" : a >= 100 ? "%.1f" : a >= 10 ? "%.2f" : "%.3f", v);
  }
}
