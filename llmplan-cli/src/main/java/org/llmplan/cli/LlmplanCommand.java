package org.llmplan.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The top-level command: a plain list of subcommands. */
@Command(
    name = "llmplan",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Plans the infrastructure for large language models: memory, time, layouts, serving, files.")
public final class LlmplanCommand implements Runnable {
  /** The subcommands, in the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS = List.of(CatalogCommand.class, MemoryCommand.class, TrainCommand.class,
      SearchCommand.class, NetworkCommand.class, ValidateCommand.class, ServeCommand.class, EmitCommand.class,
      ServerCommand.class, ProbeCommand.class, CalibrateCommand.class, WatchCommand.class, CompareCommand.class,
      HelpCommand.class, CompletionCommand.class);
  /** Commands that read the whole tree (what to list, what to complete). */
  private static final Set<String> NEED_ALL = Set.of("help", "completion");

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

  /**
   * The command line for these arguments. picocli builds its model of a command by reflection over its
   * annotations, the largest share of start-up after the JVM's own: when the arguments name a command, only
   * that command is built. No command, help, completion, a mistyped name (did you mean) and a config file
   * (its keys are checked against every command's options) get the whole tree.
   */
  static CommandLine commandLine(boolean configFile, String... args) {
    CommandLine cli = new CommandLine(new LlmplanCommand());
    String word = configFile ? null : firstWord(args);
    boolean one = word != null && !NEED_ALL.contains(word) && SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(word));
    for (Class<?> c : SUBCOMMANDS) {
      if (!one || name(c).equals(word)) {
        cli.addSubcommand(c);
      }
    }
    return cli;
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** The command the arguments name: the first word after the top-level --wide; null if an option comes first. */
  private static String firstWord(String... args) {
    for (String a : args) {
      if (!a.equals("--wide")) {
        return a.startsWith("-") || a.startsWith("@") ? null : a;
      }
    }
    return null;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
