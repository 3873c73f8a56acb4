package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Durations need a unit and token budgets a suffix: a bare number is refused with what it read and what to write. */
class UnitsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "serve --model llama-3.1-8b --gpu h100 --rate 1 --input 100 --output 10 --ttft-p99 500"
          + "|the TTFT p99 target 500 has no unit (it would read as 500 s); write 500ms, 500s or 500min",
      "serve --model llama-3.1-8b --gpu h100 --rate 1 --input 100 --output 10 --duration 60"
          + "|has no unit (it would read as 60 s); write 60ms, 60s or 60min",
      "train --model llama-3.1-8b --gpu h100 --gpus 8 --zero 3 --framework deepspeed --tokens 15"
          + "|--tokens 15 reads as 15 tokens, too few to plan; write the suffix: 15B (billions) or 15T (trillions)",
      "search train --model llama-3.1-8b --gpu h100 --gpus 8 --tokens 300"
          + "|--tokens 300 reads as 300 tokens",
      "search train --model llama-3.1-8b --gpu h100 --gpus 8 --tokens 1T --deadline 30"
          + "|--deadline 30 has no unit; write 30d (days), 30h or 30min",
      "memory weights --params 7|--params 7 reads as 7 parameters, too few to plan; write the suffix: 7B"})
  void aBareNumberIsRefusedSayingWhatItReadAndWhatToWrite(String command, String message) {
    CliRunner r = CliRunner.run(command.split(" "));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).startsWith("error: ").contains(message);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "serve --model llama-3.1-8b --gpu h100 --rate 1 --duration 60s --input 100 --output 10 --ttft-p99 500ms",
      "train --model llama-3.1-8b --gpu h100 --gpus 8 --zero 3 --framework deepspeed --tokens 15T",
      "memory weights --params 7B"})
  void theSameNumbersWithUnitsAreAccepted(String command) {
    CliRunner r = CliRunner.run(command.split(" "));
    assertThat(r.exitCode()).as(r.err()).isIn(0, Main.ANSWER_IS_NO);
  }
}
