package org.llmplan.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `llmplan completion`: the bash (and zsh) completion script of every command and option. */
@Command(name = "completion", description = "Print the shell completion script for bash and zsh; load it with "
    + "'source <(llmplan completion)' or save it to /etc/bash_completion.d/llmplan.", mixinStandardHelpOptions = true)
final class CompletionCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().getOut().print(AutoComplete.bash("llmplan", spec.parent().commandLine()));
  }
}
