package org.llmplan.cli;

import java.io.PrintWriter;
import org.llmplan.error.PlanInputException;
import picocli.CommandLine;

/** Entry point: runs a command and maps user mistakes to exit code 2 with a one-line message. */
public final class Main {
  /** Exit code for a mistake in the input (unknown name, impossible layout, malformed file). */
  public static final int USAGE_ERROR = 2;

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
    CommandLine cli = new CommandLine(new LlmplanCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler((ex, ignored) -> {
      err.println("error: " + ex.getMessage());
      err.println("try: llmplan " + ex.getCommandLine().getCommandSpec().qualifiedName(" ")
          .replaceFirst("^llmplan ?", "") + " --help");
      return USAGE_ERROR;
    });
    cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      if (ex instanceof PlanInputException input) {
        err.println("error: " + input.getMessage());
        return USAGE_ERROR;
      }
      throw ex;
    });
    return cli.execute(args);
  }
}
