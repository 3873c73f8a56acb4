package org.llmplan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `llmplan search`: searches for the cheapest deployment. */
@Command(name = "search", description = "Searches for the cheapest deployment that meets the targets.",
    mixinStandardHelpOptions = true, subcommands = {SearchServeCommand.class})
final class SearchCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
