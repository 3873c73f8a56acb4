package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What users of gh and kubectl expect of any command line: help, completion, "did you mean", one-line errors. */
class CommandLineBasicsTest {
  @Test
  void aMistypedSubcommandSuggestsTheRightOne() {
    CliRunner r = CliRunner.run("trian", "--model", "llama-3.1-8b");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err().lines().findFirst().orElseThrow()).contains("'trian'").contains("did you mean train?");
  }

  @Test
  void aMistypedOptionSuggestsTheRightOne() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--micro-bach", "2");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("did you mean --micro-batch");
  }

  @Test
  void helpNamesASubcommandsOptions() {
    CliRunner r = CliRunner.run("help", "memory");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: llmplan memory").contains("train").contains("infer");
  }

  @Test
  void helpOfANestedCommandIsThatCommandsOwnHelp() {
    CliRunner r = CliRunner.run("help", "search", "train");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: llmplan search train").contains("--max-gpus")
        .isEqualTo(CliRunner.run("search", "train", "--help").out());
    CliRunner unknown = CliRunner.run("help", "search", "trian");
    assertThat(unknown.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(unknown.err()).startsWith("error: unknown command 'search trian'");
  }

  @Test
  void aCommandBuiltAloneParsesAsInTheWholeTree() {
    // Main builds only the command the arguments name (start-up); the inherited --wide must still reach it
    CliRunner alone = CliRunner.run("memory", "weights", "--model", "llama-3.1-8b", "--gpu", "h100", "--wide");
    assertThat(alone.exitCode()).as(alone.err()).isZero();
    assertThat(LlmplanCommand.commandLine(false, "memory", "weights").getSubcommands()).containsOnlyKeys("memory");
    assertThat(LlmplanCommand.commandLine(false, "memory", "weights").getSubcommands().get("memory")
        .getSubcommands()).containsOnlyKeys("weights");
    assertThat(LlmplanCommand.commandLine(true, "memory", "weights").getSubcommands())
        .as("a config file's keys are checked against every command").hasSize(LlmplanCommand.SUBCOMMANDS.size());
  }

  @Test
  void completionIsABashScriptThatKnowsTheCommandsAndOptions() {
    CliRunner r = CliRunner.run("completion");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("#!/usr/bin/env bash").contains("complete -F").contains("search")
        .contains("--micro-batch").contains("--ttft-p99");
  }

  @Test
  void anUnknownCatalogNameSuggestsAListCommandThatExists() {
    CliRunner r = CliRunner.run("catalog", "show", "nonexist");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).doesNotContain("entrys").contains("llmplan catalog list gpus|models");
    CliRunner close = CliRunner.run("catalog", "show", "h10");
    assertThat(close.err()).contains("did you mean").contains("h100-sxm");
  }

  @Test
  void aNewlineInsideAnOptionKeepsTheErrorOnOneLine() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "llama-3.1-8b\nsecond line", "--gpu", "h100");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("llama-3.1-8b\\nsecond line");
  }

  @Test
  void moreGpusThanTheClusterHasIsRefused() {
    CliRunner r = CliRunner.run("memory", "train", "--model", "llama-3.1-8b", "--cluster", "selene", "-n", "1000000");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err().strip()).isEqualTo("error: cluster selene has 4480 GPUs, fewer than 1000000; ask for at most "
        + "4480 or leave out --cluster");
  }
}
