package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.llmplan.plan.RunPlan;
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
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
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

  @Option(names = "--plan", paramLabel = "FILE", description = "A saved plan (plan.json of a bundle), instead of "
      + "the job, network, checkpoint, budget and learning-rate options: the same figures again.")
  Path plan;

  @Mixin
  TrainingOptions options;

  @Mixin
  NetworkOptions network;

  @Mixin
  GoodputOptions goodput;

  @Mixin
  LearningRateOptions learningRate;

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
    PlanFile saved = plan != null ? savedPlan() : PlanFile.of(options.toRequest(), runPlan());
    RunPlan run = saved.runOrDefaults();
    TrainingJob job = run.network().apply(saved.requireTraining("llmplan train").toJob(c), c);
    GoodputRequest checkpoints = run.checkpoints().request(c);
    MemoryEstimate memory = new TrainingMemoryEstimator().estimate(job);
    // The bundle is written first: a plan it cannot launch is refused before anything is printed.
    String bundle = emit == null ? "" : EmitCommand.write(saved, c, LaunchSettings.DEFAULTS, null, emit, false);
    TimeEstimate time = new TrainingTimeEstimator().estimate(job);
    TrainingRun training = TrainingRun.of(job, time, run.tokenBudget(), run.usdPerGpuHour());
    NetworkEstimate traffic = new NetworkEstimator().estimate(job);
    GoodputEstimate failures = new GoodputEstimator().estimate(job, memory, training, checkpoints);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(TrainingView.of(job, training, memory, traffic, failures)) + "\n"
        : TrainingReport.text(job, training, memory) + "\n" + NetworkReport.section(traffic) + "\n"
            + GoodputReport.storage(failures.storage()) + "\n" + GoodputReport.reliability(failures));
    if (!json) {
      out.print(bundle);
    }
    return memory.fits() ? 0 : Main.ANSWER_IS_NO;
  }

  /** Everything besides the job that the options state, as a plan saves it. */
  private RunPlan runPlan() {
    Double budget = tokens == null ? null : Quantities.parseLargeCount("--tokens", tokens, "tokens");
    if (price != null) {
      InvalidValueException.requireInRange("--price", price, 0, 1e6);
    }
    return new RunPlan(budget, price, network.fabric, network.nicsPerNode, network.oversubscription,
        goodput.plan(), learningRate.schedule());
  }

  /** The saved plan; options it already holds would be silently ignored beside it, so they are refused. */
  private PlanFile savedPlan() {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<OptionSpec> held = new ArrayList<>();
    for (String mixin : List.of("options", "network", "goodput", "learningRate")) {
      held.addAll(spec.mixins().get(mixin).options());
    }
    held.add(spec.findOption("--tokens"));
    held.add(spec.findOption("--price"));
    for (OptionSpec o : held) {
      if (parsed.hasMatchedOption(o)) {
        throw new InvalidValueException("--plan holds the whole run; leave out " + o.longestName()
            + " (or drop --plan and give the options)");
      }
    }
    return PlanFile.read(plan);
  }
}
