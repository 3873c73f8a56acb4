package org.llmplan.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `llmplan help [COMMAND...]`: the help of any command, nested ones too (`help search train`), as `gh help` and
 * `kubectl help` give it; picocli's own help command stops at the first word.
 */
@Command(name = "help", helpCommand = true, description = "Print the help of a command: llmplan help search train.")
final class HelpCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, as you would type it.")
  List<String> words = List.of();

  @Override
  public Integer call() {
    CommandLine command = spec.parent().commandLine();
    for (String word : words) {
      CommandLine sub = command.getSubcommands().get(word);
      if (sub == null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown command '" + String.join(" ", words)
            + "'; llmplan help lists the commands");
      }
      command = sub;
    }
    command.usage(spec.commandLine().getOut());
    return 0;
  }
}
