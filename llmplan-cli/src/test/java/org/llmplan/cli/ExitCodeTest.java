package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The exit-code convention of every command that answers a question: 0 yes (fits, meets the targets), 1 the
 * command answered and the answer is no, 2 a mistake in the input; every command has its rows (README, "Exit
 * codes"). The answers of watch (0 on plan, 1 drifting), calibrate and compare that need a running Prometheus, a
 * probe's output or saved plans are in WatchCommandTest, CalibrateCommandTest and CompareCommandTest.
 */
class ExitCodeTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "0|memory weights --model llama-3.1-8b --gpu h100",
      "1|memory weights --model gpt3-175b --gpu h100",
      "2|memory weights --model gpt3-176b --gpu h100",
      "0|memory train --model llama-3.1-8b --gpu h100 --gpus 8 --zero 3 --framework deepspeed --recompute full",
      "1|memory train --model llama-3.1-8b --gpu a100-80gb --framework hf --seq 4096 --micro-batch 4",
      "2|memory train --model gpt3-175b --gpu h100 --tp 5",
      "0|memory infer --model llama-3.1-8b --gpu h100",
      "1|memory infer --model llama-3.1-405b --gpu h100 --tp 8",
      "2|memory infer --model llama-3.1-8b --gpu h100 --tp 3",
      "0|train --model llama-3.1-8b --gpu h100 --gpus 8 --zero 3 --framework deepspeed --recompute full",
      "1|train --model llama-3.1-8b --gpu a100-80gb --framework hf --seq 4096 --micro-batch 4",
      "2|train --model llama-3.1-8b --gpu h100 --tokens 15x",
      "0|network --model llama-3.1-8b --gpu h100 --gpus 16 --zero 3 --framework deepspeed --max-exposed-share 0.9",
      "1|network --model llama-3.1-8b --gpu h100 --gpus 256 --distributed-optimizer --global-batch 512 "
          + "--fabric roce-100g --nics-per-node 4 --max-exposed-share 0.05",
      "0|serve --model llama-3.1-8b --gpu h100 --rate 2 --duration 60s --input 200 --output 20 --ttft-p99 2s",
      "1|serve --model llama-3.1-8b --gpu h100 --rate 2 --duration 60s --input 200 --output 20 --ttft-p99 1ms",
      "1|serve --model llama-3.1-405b --gpu h100 --tp 8 --rate 1 --input 1000 --output 100",
      "0|search serve --model llama-3.1-8b --gpu h100 --max-tp 1 --try-max-num-seqs 64 --rate 2 --duration 60s "
          + "--input 200 --output 20 --ttft-p99 2s",
      "1|search serve --model llama-3.1-8b --gpu h100 --max-tp 1 --try-max-num-seqs 64 --rate 2 --duration 60s "
          + "--input 200 --output 20 --ttft-p99 1ms",
      "2|memory infer --model llama-3.1-8b --gpu h100 --headroom 10% --gpu-memory-utilization 0.8",
      "0|search serve --model llama-3.1-8b --gpu h100 --max-tp 1 --try-max-num-seqs 64 --rate 2 --duration 60s "
          + "--input 200 --output 20 --ttft-p99 2s --headroom 15%",
      "0|search train --model llama-3.1-8b --gpu h100 --gpus 8 --tokens 1T --top 1",
      "1|search train --model llama-3.1-8b --gpu h100 --gpus 8 --tokens 1T --deadline 1h",
      "2|search train --model llama-3.1-8b --gpu h100 --gpus 8 --tokens 15",
      "0|validate inference --data ../validation/inference_published.csv",
      "2|validate training --data no-such-rows.csv",
      "0|probe",
      "2|calibrate --from no-such-probe.json",
      "2|watch --plan no-such-plan.json --prometheus http://127.0.0.1:1",
      "2|emit --plan no-such-plan.json --out target/never-written",
      "2|compare no-such-a.json no-such-b.json",
      "0|completion",
      "2|trian --model llama-3.1-8b",
      "0|help train",
      "0|catalog list gpus",
      "2|catalog show nonexist"})
  void everyCommandFollowsTheConvention(int expected, String command) {
    CliRunner r = CliRunner.run(command.split(" "));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(expected);
    if (expected == Main.USAGE_ERROR) {
      assertThat(r.err()).startsWith("error: ").doesNotContain("Exception");
    }
  }
}
