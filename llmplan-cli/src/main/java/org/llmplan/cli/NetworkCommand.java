package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.NetworkReport;
import org.llmplan.error.InvalidValueException;
import org.llmplan.network.BandwidthThreshold;
import org.llmplan.network.NetworkChange;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.plan.PlanFile;
import org.llmplan.view.JsonText;
import org.llmplan.view.NetworkView;
import org.llmplan.train.TrainingJob;
import org.llmplan.request.TrainingRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan network`: a plan's traffic per link and dimension, a what-if on the network, the NIC speed it needs. */
@Command(name = "network", description = "Bytes per step on each link per parallel dimension, the exposed "
    + "communication and the busiest link; the same plan on another fabric, fewer NICs or an oversubscribed "
    + "network; the NIC speed below which communication exceeds a share of the step.",
    mixinStandardHelpOptions = true, sortOptions = false)
final class NetworkCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--plan", paramLabel = "FILE", description = "A saved plan (llmplan-plan/1 JSON), instead of "
      + "the job options below.")
  Path plan;

  @Mixin
  TrainingOptions options;

  @Mixin
  NetworkOptions network;

  @Option(names = "--max-exposed-share", paramLabel = "SHARE", description = "Share of the step that exposed "
      + "communication may take, for the NIC speed the plan needs (default: 0.1).")
  double maxExposedShare = 0.1;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Override
  public Integer call() {
    Catalog c = catalog.load();
    TrainingRequest request = plan != null ? planRequest() : options.toRequest();
    if (request.model() == null) {
      throw new InvalidValueException("say which job: --model and its options, or a saved plan with --plan FILE");
    }
    TrainingJob base = request.toJob(c);
    NetworkChange change = network.change();
    TrainingJob job = change.apply(base, c);
    NetworkEstimator estimator = new NetworkEstimator();
    NetworkEstimate traffic = estimator.estimate(job);
    NetworkEstimate baseline = change.isNone() ? null : estimator.estimate(base);
    BandwidthThreshold threshold = BandwidthThreshold.find(job, maxExposedShare);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(NetworkView.of(job, traffic, change, baseline, threshold)) + "\n"
        : NetworkReport.text(job, traffic, change, baseline, threshold));
    return traffic.exposedShare() <= maxExposedShare ? 0 : Main.ANSWER_IS_NO;
  }

  /** The saved plan's job; job options beside it would be silently ignored, so they are refused. */
  private TrainingRequest planRequest() {
    ParseResult parsed = spec.commandLine().getParseResult();
    for (OptionSpec o : spec.mixins().get("options").options()) {
      if (parsed.hasMatchedOption(o)) {
        throw new InvalidValueException("--plan holds the whole job; leave out " + o.longestName()
            + " (or drop --plan and give the job options)");
      }
    }
    return PlanFile.read(plan).requireTraining("llmplan network");
  }
}
