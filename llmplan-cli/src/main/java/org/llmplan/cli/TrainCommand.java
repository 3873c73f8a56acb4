package org.llmplan.cli;

import java.io.PrintWriter;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.GoodputReport;
import org.llmplan.cli.render.NetworkReport;
import org.llmplan.cli.render.TrainingReport;
import org.llmplan.error.InvalidValueException;
import org.llmplan.estimate.Quantities;
import org.llmplan.network.NetworkEstimate;
import org.llmplan.network.NetworkEstimator;
import org.llmplan.reliability.GoodputEstimate;
import org.llmplan.reliability.GoodputEstimator;
import org.llmplan.server.view.JsonText;
import org.llmplan.server.view.TrainingView;
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
final class TrainCommand implements Runnable {
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

  @Override
  public void run() {
    Catalog c = catalog.load();
    TrainingJob job = network.change().apply(options.toJob(c), c);
    double budget = tokens == null ? 0 : Quantities.parseCount("--tokens", tokens);
    if (price != null) {
      InvalidValueException.requireInRange("--price", price, 0, 1e6);
    }
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    TrainingRun run = TrainingRun.of(job, time, budget, price);
    NetworkEstimate traffic = new NetworkEstimator().estimate(job);
    GoodputEstimate failures = new GoodputEstimator().estimate(job, memory, run, goodput.request(c));
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(TrainingView.of(job, run, memory, traffic, failures)) + "\n"
        : TrainingReport.text(job, run, memory) + "\n" + NetworkReport.section(traffic) + "\n"
            + GoodputReport.storage(failures.storage()) + "\n" + GoodputReport.reliability(failures));
  }
}
