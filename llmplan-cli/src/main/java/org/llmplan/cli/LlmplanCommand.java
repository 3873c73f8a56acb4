package org.llmplan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
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
  /** The commands that group others, with theirs in the order help lists them. */
  static final Map<Class<?>, List<Class<?>>> GROUPS = Map.of(
      CatalogCommand.class, List.of(CatalogCommand.ListKind.class, CatalogCommand.Show.class),
      MemoryCommand.class, List.of(MemoryTrainCommand.class, MemoryInferCommand.class, MemoryWeightsCommand.class),
      SearchCommand.class, List.of(SearchTrainCommand.class, SearchServeCommand.class),
      ValidateCommand.class, List.of(ValidateCommand.Training.class, ValidateCommand.Inference.class));
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
    add(cli, SUBCOMMANDS, configFile ? List.of() : words(args));
    return cli;
  }

  /** Adds the commands {@code words} name at this level (all when it names none of them), and theirs. */
  private static void add(CommandLine parent, List<Class<?>> commands, List<String> words) {
    String word = words.isEmpty() ? null : words.get(0);
    boolean one = word != null && !NEED_ALL.contains(word) && commands.stream().anyMatch(c -> name(c).equals(word));
    for (Class<?> c : commands) {
      if (!one || name(c).equals(word)) {
        CommandLine child = new CommandLine(c);
        add(child, GROUPS.getOrDefault(c, List.of()), one ? words.subList(1, words.size()) : List.of());
        parent.addSubcommand(child);
      }
    }
  }

  private static String name(Class<?> command) {
    return command.getAnnotation(Command.class).name();
  }

  /** The words that name the command: those before the first option (the top-level --wide aside) or @file. */
  private static List<String> words(String... args) {
    List<String> words = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("-") || a.startsWith("@")) {
        if (!a.equals("--wide")) {
          break;
        }
      } else {
        words.add(a);
      }
    }
    return words;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
