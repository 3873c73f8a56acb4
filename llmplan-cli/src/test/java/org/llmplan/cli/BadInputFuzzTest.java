package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever numbers and names a user types, `memory train`, `train` and `network` answer (exit 0) or explain
 * (exit 2).
 */
class BadInputFuzzTest {
  @Provide
  Arbitrary<List<String>> commandLines() {
    Arbitrary<String> number = Arbitraries.of("-1", "0", "1", "2", "3", "7", "8", "16", "96", "1000", "65536",
        "2147483647", "99999999999", "x", "1.5", "");
    Arbitrary<String> option = Arbitraries.of("--gpus", "--tp", "--pp", "--dp", "--cp", "--ep", "--vpp",
        "--micro-batch", "--global-batch", "--seq", "--zero", "--shard-group", "--capacity-factor", "--host-memory",
        "--first-stage-layers", "--last-stage-layers", "--global-batch-tokens", "--nics-per-node", "--oversubscription",
        "--failure-rate", "--checkpoint-every", "--restart-time", "--stall-budget", "--max-exposed-share");
    Arbitrary<List<String>> numeric = optionsWithValues(option, number, 6);
    Arbitrary<String> model = Arbitraries.of("gpt3-175b", "llama-3.1-8b", "mixtral-8x7b", "deepseek-v3",
        "falcon-7b", "nope", "missing.json");
    Arbitrary<String> gpu = Arbitraries.of("h100", "a100-40gb", "l4", "tpu-v5e", "mi300x", "h900");
    Arbitrary<String> framework = Arbitraries.of("megatron", "deepspeed", "fsdp", "hf", "jax");
    Arbitrary<List<String>> flags = Arbitraries.of("--sequence-parallel", "--recompute=full", "--recompute=bogus",
        "--precision=fp8", "--precision=fp32", "--offload-optimizer=cpu", "--offload-params=nvme", "--fsdp=hybrid",
        "--policy=pure", "--optimizer=adafactor", "--attention=eager", "--json").list().ofMaxSize(3);
    Arbitrary<List<String>> command = Arbitraries.of(List.of("memory", "train"), List.of("train"),
        List.of("network"));
    return net.jqwik.api.Combinators.combine(command, model, gpu, framework, numeric, flags)
        .as((c, m, g, f, n, fl) -> {
      List<String> args = new ArrayList<>(c);
      args.addAll(List.of("--model", m, "--gpu", g, "--framework", f));
      args.addAll(n);
      args.addAll(fl);
      return args;
    });
  }

  @Property(tries = 400)
  void answersOrExplainsNeverCrashes(@ForAll("commandLines") List<String> args) {
    String expected = args.get(0).equals("network") ? args.contains("--json") ? "\"busiestLink\"" : "Network: "
        : args.contains("--json") ? "\"fits\"" : args.get(0).equals("train") ? "Throughput:" : "Verdict:";
    answersOrExplains(args, expected);
  }

  /** Up to {@code most} options, each with one of the values. */
  static Arbitrary<List<String>> optionsWithValues(Arbitrary<String> option, Arbitrary<String> value, int most) {
    return Arbitraries.entries(option, value).list().ofMaxSize(most).map(entries -> {
      List<String> args = new ArrayList<>();
      entries.forEach(e -> {
        args.add(e.getKey());
        args.add(e.getValue());
      });
      return args;
    });
  }

  /** Exit 0 with {@code expected} in the output, or exit 2 with one error line and nothing on stdout. */
  static void answersOrExplains(List<String> args, String expected) {
    CliRunner r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isIn(0, Main.ANSWER_IS_NO, 2);
    if (r.exitCode() == 2) {
      assertThat(r.err()).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(r.out()).isEmpty();
    } else {
      assertThat(r.out()).contains(expected);
    }
  }
}
