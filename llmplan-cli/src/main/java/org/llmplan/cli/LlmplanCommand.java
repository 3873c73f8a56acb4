package org.llmplan.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: a plain list of subcommands. */
@Command(
    name = "llmplan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Plans the infrastructure for large language models: memory, time, layouts, serving, files.",
    subcommands = {CatalogCommand.class, MemoryCommand.class, TrainCommand.class, SearchCommand.class,
        NetworkCommand.class, ValidateCommand.class, ServeCommand.class, EmitCommand.class, ServerCommand.class,
        ProbeCommand.class, CalibrateCommand.class, WatchCommand.class,
        CompareCommand.class, HelpCommand.class, CompletionCommand.class})
public final class LlmplanCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  // Read by ConfigFile before parsing (defaults must exist before the subcommand's options are parsed).
  @Option(names = "--config", paramLabel = "FILE", description = "YAML file of option defaults (also "
      + "LLMPLAN_CONFIG); options on the command line override it. See README, \"Repeated use\".")
  Path config;

  // Read by Main before parsing (tables are rendered deep in the reports); every subcommand accepts it.
  @Option(names = "--wide", scope = ScopeType.INHERIT, description = "Print tables at full width (by default they "
      + "fit COLUMNS, the terminal's width, when it is set).")
  boolean wide;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
