package org.llmplan.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.WatchText;
import org.llmplan.emit.EngineMetrics;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.monitor.ServingThresholds;
import org.llmplan.emit.monitor.Thresholds;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;
import org.llmplan.view.JsonText;
import org.llmplan.view.WatchView;
import org.llmplan.watch.PrometheusClient;
import org.llmplan.watch.ServingWatch;
import org.llmplan.watch.TrainingWatch;
import org.llmplan.watch.WatchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `llmplan watch`: a running job's metrics against its saved plan (docs/watch.md). The planned figures and bounds
 * are those the emitted alert rules use, recomputed from the plan the same way; exit 0 on plan, 1 drifting.
 */
@Command(name = "watch", description = "Reads a running job's metrics from Prometheus (DCGM, node exporter, the "
    + "trainer's gauges or the serving engine's) and reports it against its plan, with drift and its likely cause. "
    + "Exit code 0: on plan, 1: drifting, 2: usage error.", mixinStandardHelpOptions = true, sortOptions = false)
final class WatchCommand implements Callable<Integer> {
  /** Exit code when the run is off its plan, or a health signal says it soon will be. */
  static final int DRIFTING = 1;
  private static final Pattern WINDOW = Pattern.compile("[1-9][0-9]*(s|m|h)");

  @Spec
  CommandSpec spec;

  @Option(names = "--plan", required = true, paramLabel = "FILE", description = "The saved plan the job runs "
      + "(plan.json of its bundle).")
  Path plan;

  @Option(names = "--prometheus", required = true, paramLabel = "URL", description = "Prometheus server that "
      + "scrapes the job with the bundle's scrape config, e.g. http://prometheus:9090.")
  String prometheus;

  @Option(names = "--window", paramLabel = "RANGE", defaultValue = "10m", description = "Range figures are "
      + "averaged over, as PromQL writes it: 30s, 10m, 1h (default: ${DEFAULT-VALUE}).")
  String window;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md); the exit code is the same.")
  boolean json;

  @Mixin
  CatalogOptions catalog;

  @Override
  public Integer call() {
    if (!WINDOW.matcher(window).matches()) {
      throw new InvalidValueException("--window " + window + " is not a PromQL range: write it as 30s, 10m or 1h");
    }
    PlanFile saved = PlanFile.read(plan);
    Catalog c = catalog.load();
    PrometheusClient client = PrometheusClient.of(prometheus);
    WatchReport report = saved.training() != null ? TrainingWatch.check(client, training(saved, c), window)
        : ServingWatch.check(client, serving(saved, c), window);
    if (report.blind()) {
      throw new InvalidValueException("Prometheus at " + prometheus + " holds none of this run's metrics over the "
          + "last " + window + ": check --prometheus, and that it loads the bundle's monitoring/prometheus.yml");
    }
    String kind = saved.training() != null ? "Training" : "Serving";
    spec.commandLine().getOut().print(json ? JsonText.write(WatchView.of(kind.toLowerCase(Locale.ROOT), report)) + "\n"
        : WatchText.render(kind, report));
    return report.drifting() ? DRIFTING : 0;
  }

  private static TrainingWatch.Plan training(PlanFile saved, Catalog c) {
    LaunchPlan p = LaunchPlan.of(saved, c, LaunchSettings.DEFAULTS);
    Thresholds t = Thresholds.of(p);
    return new TrainingWatch.Plan(t.plannedStepSeconds(), t.stepSeconds(), t.plannedTokensPerSecond(),
        t.tokensPerSecond(), t.plannedMfu(), t.plannedMemoryMiB(), t.memoryMiB(), t.capacityMiB(), p.nodes() > 1);
  }

  private static ServingWatch.Plan serving(PlanFile saved, Catalog c) {
    ServingLaunch s = ServingLaunch.of(saved, c, LaunchSettings.DEFAULTS);
    ServingThresholds t = ServingThresholds.of(s);
    ServingWatch.Series series = s.engine().metrics().map(WatchCommand::series).orElse(null);
    return new ServingWatch.Plan(t.ttftSeconds(), t.tpotSeconds(), t.plannedTtftSeconds(), t.plannedTpotSeconds(),
        t.queueDepth(), t.outputTokensPerSecond(), t.plannedKvUsage(), ServingThresholds.KV_USAGE,
        s.deployment().gpu().memoryBytes() / (1024.0 * 1024), series);
  }

  private static ServingWatch.Series series(EngineMetrics m) {
    return new ServingWatch.Series(m.ttftHistogram(), m.tpotHistogram(), m.kvUsage(), m.waiting(),
        m.generationTokens());
  }
}
