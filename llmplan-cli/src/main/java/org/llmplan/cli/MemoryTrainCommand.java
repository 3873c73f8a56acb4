package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.llmplan.cli.render.TrainingMemoryReport;
import org.llmplan.view.JsonText;
import org.llmplan.view.TrainingMemoryView;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan memory train`: training memory per GPU with its breakdown and a verdict. */
@Command(name = "train", description = "Training memory per GPU of the most loaded rank, part by part, and whether "
    + "it fits.", mixinStandardHelpOptions = true, sortOptions = false)
final class MemoryTrainCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  TrainingOptions options;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--json", description = "Print the estimate as JSON (schema: docs/json.md).")
  boolean json;

  @Override
  public Integer call() {
    TrainingJob job = options.toJob(catalog.load());
    MemoryEstimate estimate = new TrainingMemoryEstimator().estimate(job);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(TrainingMemoryView.of(job, estimate)) + "\n"
        : TrainingMemoryReport.text(job, estimate));
    return estimate.fits() ? 0 : Main.ANSWER_IS_NO;
  }
}
