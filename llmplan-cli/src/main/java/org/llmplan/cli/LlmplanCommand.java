package org.llmplan.cli;

import picocli.CommandLine.Command;

/** The top-level command: a plain list of subcommands. */
@Command(
    name = "llmplan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Plans the infrastructure for large language models: memory, time, layouts, serving, files.",
    subcommands = {CatalogCommand.class, MemoryCommand.class, TrainCommand.class, SearchCommand.class,
        NetworkCommand.class, ValidateCommand.class, ServeCommand.class, EmitCommand.class, ServerCommand.class,
        ProbeCommand.class, CalibrateCommand.class, WatchCommand.class})
public final class LlmplanCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
