package org.llmplan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `llmplan search ...`: what is the best way to run it? */
@Command(name = "search", description = "What is the best way to run it? Exhaustive searches over layouts and "
    + "clusters, and over serving deployments.", mixinStandardHelpOptions = true)
final class SearchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
