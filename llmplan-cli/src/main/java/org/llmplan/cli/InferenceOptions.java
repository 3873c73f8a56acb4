package org.llmplan.cli;

import org.llmplan.request.InferenceRequest;
import picocli.CommandLine.Option;

/** The deployment options and the request lengths a memory estimate sizes for. */
public final class InferenceOptions extends DeploymentOptions {
  @Option(names = "--input", paramLabel = "TOKENS", description = "Prompt tokens per request (default: 1024).")
  Integer input;

  @Option(names = "--output", paramLabel = "TOKENS", description = "Generated tokens per request (default: 128).")
  Integer output;

  /** The request these options state; defaults are the engine's (see InferenceRequest). */
  public InferenceRequest toRequest() {
    return toRequest(input, output);
  }
}
