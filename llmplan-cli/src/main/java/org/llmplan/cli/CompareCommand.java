package org.llmplan.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.Table;
import org.llmplan.cli.render.Units;
import org.llmplan.compare.PlanComparison;
import org.llmplan.compare.PlanSummary;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.plan.PlanFile;
import org.llmplan.view.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `llmplan compare a.json b.json`: two saved plans side by side, and which launch files differ. */
@Command(name = "compare", description = "Put two saved plans side by side: memory per GPU, step time or latency, "
    + "throughput, cost per hour, and which launch files differ.", mixinStandardHelpOptions = true)
final class CompareCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A.json", description = "First plan (llmplan-plan/1, from --save).")
  Path first;

  @Parameters(index = "1", paramLabel = "B.json", description = "Second plan.")
  Path second;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Mixin
  CatalogOptions catalog;

  @Override
  public void run() {
    Catalog c = catalog.load();
    PlanFile a = PlanFile.read(first);
    PlanFile b = PlanFile.read(second);
    PlanComparison comparison = PlanComparison.of(a, b, c, files(a, c), files(b, c));
    spec.commandLine().getOut().print(json ? JsonText.write(comparison) + "\n" : text(comparison));
  }

  private static Map<String, String> files(PlanFile plan, Catalog c) {
    Map<String, String> files = new LinkedHashMap<>();
    for (BundleFile f : LaunchBundle.generate(plan, c, LaunchSettings.DEFAULTS, null)) {
      files.put(f.path(), f.content());
    }
    return files;
  }

  private String text(PlanComparison comparison) {
    PlanSummary a = comparison.a();
    PlanSummary b = comparison.b();
    boolean training = a.kind().equals("training");
    Table t = new Table("", first.toString(), second.toString(), "B vs A");
    t.row("setup", a.setup(), b.setup(), "");
    t.row("memory per GPU", Units.gibWithUnit(a.memoryBytes()) + (a.fits() ? "" : " (does not fit)"),
        Units.gibWithUnit(b.memoryBytes()) + (b.fits() ? "" : " (does not fit)"), change(a.memoryBytes(),
            b.memoryBytes()));
    t.row(training ? "step time" : "TTFT, one request", seconds(a.seconds()), seconds(b.seconds()),
        change(a.seconds(), b.seconds()));
    t.row(training ? "tokens/s" : "output tokens/s offline", Units.count(a.tokensPerSecond()),
        Units.count(b.tokensPerSecond()), change(a.tokensPerSecond(), b.tokensPerSecond()));
    t.row("GPUs", Integer.toString(a.gpus()), Integer.toString(b.gpus()), change(a.gpus(), b.gpus()));
    t.row("cost per hour", a.usdPerHour() > 0 ? Units.usd(a.usdPerHour()) : "no price",
        b.usdPerHour() > 0 ? Units.usd(b.usdPerHour()) : "no price", change(a.usdPerHour(), b.usdPerHour()));
    StringBuilder out = new StringBuilder(t.render()).append('\n');
    var differing = comparison.differingFiles();
    out.append(differing.isEmpty() ? "Launch files: the same in both bundles\n"
        : "Launch files that differ (" + differing.size() + " of " + comparison.files().size() + "):\n");
    comparison.files().stream().filter(f -> f.change() != PlanComparison.Change.SAME).forEach(f -> out.append("  ")
        .append(f.path()).append(switch (f.change()) {
          case ONLY_A -> " (only in A)";
          case ONLY_B -> " (only in B)";
          default -> "";
        }).append('\n'));
    return out.toString();
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "-" : s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1000)
        : String.format(Locale.ROOT, "%.3f s", s);
  }

  private static String change(double a, double b) {
    return Double.isNaN(a) || Double.isNaN(b) || a == 0 ? "" : String.format(Locale.ROOT, "%+.1f %%",
        100 * (b - a) / a);
  }
}
