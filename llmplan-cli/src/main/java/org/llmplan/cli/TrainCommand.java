package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.GoodputReport;
import org.llmplan.cli.render.NetworkReport;
import org.llmplan.cli.render.TrainingReport;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.plan.PlanFile;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.reliability.GoodputEstimator;
import org.llmplan.reliability.GoodputRequest;
import org.llmplan.view.JsonText;
import org.llmplan.view.TrainingView;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TimeEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.train.TrainingRun;
import org.llmplan.train.TrainingTimeEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `llmplan train`: memory, step time with its breakdown, throughput, what a token budget costs, and the
 * network, storage and failures around it.
 */
@Command(name = "train", description = "Step time, throughput, MFU, time to train, GPU-hours, cost and energy of a "
    + "training run, with its memory per GPU, network traffic, checkpoint storage and expected failures.", mixinStandardHelpOptions = true, sortOptions = false)
final class TrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TrainingOptions options;

  @Mixin
  NetworkOptions network;

  @Mixin
  GoodputOptions goodput;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--tokens", paramLabel = "COUNT", description = "Token budget of the run, e.g. 2T or 300B.")
  String tokens;

  @Option(names = "--price", paramLabel = "USD", description = "Price per GPU-hour (default: the catalog's dated "
      + "price for the GPU, if any).")
  Double price;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Option(names = "--emit", paramLabel = "DIR", description = "Also write the launch bundle of this plan to DIR "
      + "(new or empty; see llmplan emit).")
  Path emit;

  @Override
  public Integer call() {
    Catalog c = catalog.load();
    TrainingJob job = network.change().apply(options.toJob(c), c);
    GoodputRequest checkpoints = goodput.request(c);
    double budget = tokens == null ? 0 : Quantities.parseLargeCount("--tokens", tokens, "tokens");
    if (price != null) {
      InvalidValueException.requireInRange("--price", price, 0, 1e6);
    }
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    // The bundle is written first: a plan it cannot launch is refused before anything is printed.
    String bundle = emit == null ? "" : EmitCommand.write(PlanFile.of(options.toRequest()), c,
        LaunchSettings.DEFAULTS, null, emit, false);
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    TrainingRun run = TrainingRun.of(job, time, budget, price);
    NetworkEstimate traffic = new NetworkEstimator().estimate(job);
    GoodputEstimate failures = new GoodputEstimator().estimate(job, memory, run, checkpoints);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(TrainingView.of(job, run, memory, traffic, failures)) + "\n"
        : TrainingReport.text(job, run, memory) + "\n" + NetworkReport.section(traffic) + "\n"
            + GoodputReport.storage(failures.storage()) + "\n" + GoodputReport.reliability(failures));
    if (!json) {
      out.print(bundle);
    }
    return memory.fits() ? 0 : Main.ANSWER_IS_NO;
  }
}
