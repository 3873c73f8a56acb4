package org.llmplan.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** `llmplan memory ...`: will it fit? */
@Command(name = "memory", description = "Will it fit? Memory per GPU for training, for serving, or of the weights "
    + "alone.", mixinStandardHelpOptions = true)
final class MemoryCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
