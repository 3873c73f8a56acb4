package org.llmplan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.llmplan.cli.render.InferenceMemoryReport;
import org.llmplan.cli.render.ServeReport;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;
import org.llmplan.serve.ServePlanner;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeResult;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.Requests;
import org.llmplan.view.JsonText;
import org.llmplan.view.ServeView;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * `llmplan serve`: the memory verdict, then a discrete-event simulation of the traffic on one replica, and
 * under latency targets the rate one replica sustains, the replicas the rate needs and what tokens cost.
 */
@Command(name = "serve", description = "Simulates serving traffic on one deployment: TTFT, TPOT, ITL and end-to-end "
    + "latency, throughput, utilisation, queueing; with latency targets, the rate one replica sustains, the "
    + "replicas and GPUs the rate needs, and the cost per million tokens.", mixinStandardHelpOptions = true,
    sortOptions = false, modelTransformer = ServeCommand.PlanOrDeployment.class)
final class ServeCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--plan", paramLabel = "FILE", description = "A saved serving plan (plan.json of a bundle), "
      + "instead of the deployment, traffic and split options: the same figures again.")
  Path plan;

  @Mixin
  DeploymentOptions deployment;

  @Mixin
  TrafficOptions traffic;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--static-batch", paramLabel = "N", description = "Serve with static batches of N requests "
      + "instead of continuous batching (for comparison).")
  Integer staticBatch;

  @Option(names = "--disaggregated", paramLabel = "P:D", description = "Separate prefill and decode instances, "
      + "e.g. 1:2, each a replica of the deployment.")
  String disaggregated;

  @Option(names = "--kv-link-gbps", paramLabel = "GBPS", description = "Bandwidth per GPU between prefill and "
      + "decode instances (default: the node's scale-out network per GPU).")
  Double kvLinkGbps;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the plan (every setting explicit) to FILE.")
  Path save;

  @Option(names = "--emit", paramLabel = "DIR", description = "Also write the launch bundle of this plan to DIR "
      + "(new or empty; see llmplan emit).")
  Path emit;

  @Option(names = "--json", description = "Print as JSON (schema: docs/json.md).")
  boolean json;

  @Override
  public Integer call() {
    Catalog c = catalog.load(traffic.price());
    if (plan == null && (deployment.model == null || deployment.gpu == null)) {
      throw new InvalidValueException("say which deployment: --model and --gpu with its options, or a saved plan "
          + "with --plan FILE");
    }
    ServeRequest request = plan != null ? ServeRequest.of(savedPlan())
        : traffic.toRequest(deployment.toRequest(null, null), staticBatch, disaggregated, kvLinkGbps);
    ServeResult result = new ServePlanner(c, Requests.MAX_COUNT).plan(request);
    // The bundle is written first: a plan it cannot launch is refused before anything is printed.
    String bundle = emit == null || !result.fits() ? ""
        : EmitCommand.write(PlanFile.of(result.plan()), c, LaunchSettings.DEFAULTS, null, emit, false);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.print(JsonText.write(ServeView.of(result)) + "\n");
    }
    if (!result.fits()) {
      if (!json) {
        out.print(InferenceMemoryReport.text(result.estimate()));
      }
      return Main.ANSWER_IS_NO;
    }
    if (!json) {
      out.print(ServeReport.text(result));
    }
    if (save != null) {
      PlanFile.of(result.plan()).write(save);
      if (!json) {
        out.println("Saved the plan to " + save);
      }
    }
    if (!json) {
      out.print(bundle);
    }
    // With targets, the answer is no only when no rate meets them on any number of replicas.
    return result.capacity() instanceof Capacity.Infeasible ? Main.ANSWER_IS_NO : 0;
  }

  /** The saved plan; options it already holds would be silently ignored beside it, so they are refused. */
  private ServingPlan savedPlan() {
    ParseResult parsed = spec.commandLine().getParseResult();
    for (OptionSpec o : spec.options()) {
      boolean held = !List.of("--plan", "--catalog", "--save", "--emit", "--json").contains(o.longestName())
          && !o.usageHelp() && !o.versionHelp();
      if (held && parsed.hasMatchedOption(o)) {
        throw new InvalidValueException("--plan holds the whole deployment and traffic; leave out " + o.longestName()
            + " (or drop --plan and give the options)");
      }
    }
    return PlanFile.read(plan).requireServing("llmplan serve --plan");
  }

  /**
   * picocli would insist on --model and --gpu, which a saved plan replaces: they are optional here, and
   * {@link DeploymentOptions#toRequest} says when neither they nor --plan are given.
   */
  static final class PlanOrDeployment implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      for (OptionSpec o : List.copyOf(command.options())) {
        command.remove(o);
        command.addOption(o.required() ? o.toBuilder().required(false).build() : o);
      }
      return command;
    }
  }
}
