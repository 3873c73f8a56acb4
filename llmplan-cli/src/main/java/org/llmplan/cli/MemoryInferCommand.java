package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.llmplan.cli.render.InferenceMemoryReport;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.request.InferenceRequest;
import org.llmplan.view.InferenceMemoryView;
import org.llmplan.view.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan memory infer`: serving memory per GPU, the KV cache it leaves, and what that allows. */
@Command(name = "infer", description = "Serving memory per GPU part by part, the KV-cache capacity it leaves, the "
    + "requests it holds at once, and the latency and offline throughput at those lengths.",
    mixinStandardHelpOptions = true, sortOptions = false)
final class MemoryInferCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Mixin
  InferenceOptions options;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--json", description = "Print the estimate as JSON (schema: docs/json.md).")
  boolean json;

  @Override
  public Integer call() {
    InferenceRequest request = options.toRequest();
    InferenceEstimate estimate = InferenceEstimate.of(request.toDeployment(catalog.load()), request.lengths());
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? JsonText.write(InferenceMemoryView.of(estimate)) + "\n" : InferenceMemoryReport.text(estimate));
    return estimate.memory().fits() ? 0 : Main.ANSWER_IS_NO;
  }
}
