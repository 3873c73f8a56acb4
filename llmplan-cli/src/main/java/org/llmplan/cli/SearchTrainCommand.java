package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.llmplan.error.InvalidValueException;
import org.llmplan.cli.render.SearchReport;
import org.llmplan.estimate.Durations;
import org.llmplan.plan.PlanFile;
import org.llmplan.catalog.Catalog;
import org.llmplan.search.OtherFrameworks;
import org.llmplan.search.SearchControl;
import org.llmplan.search.SearchGoal;
import org.llmplan.search.SearchHardware;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.search.TrainingSearch;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.view.JsonText;
import org.llmplan.view.SearchView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `llmplan search train`: the best layout, GPU count and GPU type for a training run, over every legal
 * layout. Ctrl-C stops the search and prints the best plans found so far.
 */
@Command(name = "train", description = "Searches every legal training layout (TP, PP and its splits, virtual stages, "
    + "DP, CP, EP, micro-batch, sharding, recompute, sequence parallelism, offload) on every GPU type and count "
    + "given, and prints the best plans, why the runner-up lost and the Pareto fronts (docs/search.md).",
    mixinStandardHelpOptions = true, sortOptions = false)
final class SearchTrainCommand implements Callable<Integer> {
  /** Longest each other framework is searched for when nothing fits (their spaces are small once none fits). */
  private static final double ALTERNATIVE_SECONDS = 10;

  @Spec
  CommandSpec spec;

  @Mixin
  JobOptions job;

  @Option(names = {"-g", "--gpu"}, required = true, split = ",", paramLabel = "GPU",
      description = "Accelerators to consider, comma-separated (e.g. h100,a100-80gb,h200).")
  List<String> gpu;

  @Option(names = {"-n", "--gpus"}, paramLabel = "N", description = "Exactly this many GPUs.")
  Integer gpus;

  @Option(names = "--max-gpus", paramLabel = "N", description = "Every whole number of nodes up to N GPUs.")
  Integer maxGpus;

  @Option(names = "--tokens", required = true, paramLabel = "COUNT", description = "Token budget of the run, e.g. "
      + "300B or 15T.")
  String tokens;

  @Option(names = "--objective", paramLabel = "time|cost|gpus", description = "Minimise time to train (default), "
      + "cost, or GPUs.")
  String objective;

  @Option(names = "--offload", paramLabel = "if-needed|always|never", description = "When to try offloading state "
      + "to CPU or NVMe: only for GPU counts where nothing fits without it (default), for every layout that does not "
      + "fit, or never. The step time does not charge offload traffic.")
  String offload;

  @Option(names = "--deadline", paramLabel = "DURATION", description = "Longest acceptable time to train, e.g. 30d "
      + "or 36h.")
  String deadline;

  @Option(names = "--budget", paramLabel = "USD", description = "Most the run may cost, US dollars.")
  Double budget;

  @Option(names = "--price", paramLabel = "USD", description = "Price per GPU-hour: one number, or gpu=usd pairs "
      + "(h100=4.25,a100-80gb=2.21); default: the catalog's dated price.")
  String price;

  @Option(names = "--failures", paramLabel = "none|llama3|RATE", description = "Rank by the expected time with "
      + "interruptions (llama3: Llama 3's measured rate, or interruptions per GPU-day), asynchronous checkpoints "
      + "to lustre and restarts; default none (failure-free time).")
  String failures;

  @Option(names = "--rank-by", paramLabel = "estimate|pessimistic", description = "Rank by the estimated time "
      + "(default) or by the slow end of each plan's error band: plans far from validated ground pay for it.")
  String rankBy;

  @Option(names = "--top", paramLabel = "N", description = "Plans to list (default: 10).")
  Integer top;

  @Option(names = "--time-limit", paramLabel = "DURATION", description = "Stop after this long (e.g. 30s) and print "
      + "the best plans found so far.")
  String timeLimit;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the best plan as an llmplan plan file "
      + "(JSON, format llmplan-plan/1).")
  Path save;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Option(names = "--no-progress", description = "Never draw the progress bar (it is drawn on stderr when stderr is a "
      + "terminal, whatever stdout is).")
  boolean noProgress;

  @Mixin
  CatalogOptions catalog;

  @Override
  public Integer call() {
    Catalog c = catalog.load();
    TrainingSearchRequest request = request();
    SearchSpec search = request.resolve(c);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ProgressBar bar = !noProgress && ProgressBar.stderrIsTerminal() ? new ProgressBar(err) : null;
    SearchControl control = new SearchControl(search.timeLimitSeconds(), bar != null ? bar : (done, total) -> { });
    CountDownLatch printed = new CountDownLatch(1);
    Thread onInterrupt = new Thread(() -> {
      control.cancel("interrupted");
      try {
        printed.await(10, TimeUnit.SECONDS); // let the main thread print the best plans so far
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      SearchResult result = new TrainingSearch().run(search, control);
      if (bar != null) {
        bar.clear();
        err.printf(Locale.ROOT, "searched %,d layouts in %.1f s%n", result.stats().space(), result.stats().seconds());
      }
      List<OtherFrameworks.Alternative> others = result.stats().fitting() == 0 && result.stats().complete()
          ? OtherFrameworks.search(request, c, search.options().get(0).base().framework().name(), ALTERNATIVE_SECONDS)
          : null;
      if (json) {
        SearchView view = SearchView.of(result);
        out.print(JsonText.write(others == null ? view : view.withAlternatives(others)) + "\n");
      } else {
        out.print(SearchReport.text(result) + (others == null ? "" : SearchReport.alternatives(others)));
      }
      out.flush();
      if (save != null) {
        save(result, err);
      }
      return result.feasible() ? 0 : Main.ANSWER_IS_NO;
    } finally {
      printed.countDown();
      removeHook(onInterrupt);
    }
  }

  private TrainingSearchRequest request() {
    JobOptions j = job;
    if (j.adapters.choice().stated()) {
      throw new InvalidValueException("search train does not search LoRA fine-tunes yet; plan one layout with "
          + "'llmplan train ... --lora-rank R'");
    }
    Double limit = timeLimit == null ? null : Durations.parseSeconds("--time-limit", timeLimit);
    return new TrainingSearchRequest(j.model,
        SearchHardware.builder().gpu(gpu).gpus(gpus).maxGpus(maxGpus).gpusPerNode(j.gpusPerNode)
            .hostMemoryGiB(j.hostMemoryGiB).build(),
        j.batch(), j.recipe(), j.frameworkOptions(),
        SearchGoal.builder().tokens(tokens).objective(objective).offload(offload).deadline(deadline).budget(budget)
            .price(price).top(top).timeLimitSeconds(limit).failures(failures).rankBy(rankBy)
            .build());
  }

  private void save(SearchResult result, PrintWriter err) {
    if (!result.feasible()) {
      err.println("nothing saved to " + save + ": no plan meets the request");
      return;
    }
    PlanFile.of(result.plans().get(0).request()).write(save);
    err.println("saved plan #1 to " + save);
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the JVM is exiting and runs the hook, which the countDown above has released.
    }
  }
}
