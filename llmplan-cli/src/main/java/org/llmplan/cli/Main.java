package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.List;
import org.llmplan.cli.render.Table;
import org.llmplan.error.PlanInputException;
import picocli.CommandLine;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point: runs a command and maps its answer and user mistakes to exit codes. The convention (README,
 * "Exit codes"): 0 the answer is yes (fits, meets the targets, a plan was found), 1 the command answered but
 * the answer is no, 2 a mistake in the command line or an input file, 70 a defect in llmplan itself.
 */
public final class Main {
  /** Exit code when the command answered and the plan does not fit, misses its targets or none was found. */
  public static final int ANSWER_IS_NO = 1;
  /** Exit code for a mistake in the input (unknown name, impossible layout, malformed file). */
  public static final int USAGE_ERROR = 2;
  /** Exit code for a defect in llmplan (EX_SOFTWARE of sysexits.h): not the user's mistake. */
  public static final int INTERNAL_ERROR = 70;

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(out, err, args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs the CLI with the given streams; returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(out, err, System.getenv("COLUMNS"), args);
  }

  /** As {@link #run(PrintWriter, PrintWriter, String...)} with the terminal width COLUMNS holds (null: none). */
  static int run(PrintWriter out, PrintWriter err, String columns, String... args) {
    Table.fitTo(List.of(args).contains("--wide") ? 0 : terminalWidth(columns));
    String environment = System.getenv("LLMPLAN_CONFIG");
    boolean configFile = (environment != null && !environment.isBlank())
        || List.of(args).stream().anyMatch(a -> a.equals("--config") || a.startsWith("--config="));
    CommandLine cli = LlmplanCommand.commandLine(configFile, args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, ignored) -> {
      err.println("error: " + oneLine(ex.getMessage()) + suggestion(ex));
      err.println("try: " + ex.getCommandLine().getCommandSpec().qualifiedName(" ") + " --help");
      return USAGE_ERROR;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      if (ex instanceof PlanInputException input) {
        err.println("error: " + oneLine(input.getMessage()));
        return USAGE_ERROR;
      }
      err.println("internal error (please report it with the command line): " + oneLine(String.valueOf(ex)));
      return INTERNAL_ERROR;
    });
    try {
      ConfigFile.install(cli, environment, args);
    } catch (PlanInputException e) {
      err.println("error: " + oneLine(e.getMessage()));
      return USAGE_ERROR;
    }
    return cli.execute(args);
  }

  private static int terminalWidth(String columns) {
    try {
      return columns == null ? 0 : Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** A message as one line: a newline typed into an option would otherwise split the error in two. */
  static String oneLine(String message) {
    return String.valueOf(message).replace("\r", "\\r").replace("\n", "\\n");
  }

  /** "did you mean" for a mistyped subcommand or option, as git and gh say it. */
  private static String suggestion(CommandLine.ParameterException ex) {
    if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      return "; did you mean " + String.join(" or ", u.getSuggestions().stream().limit(3).toList()) + "?";
    }
    return "";
  }
}
