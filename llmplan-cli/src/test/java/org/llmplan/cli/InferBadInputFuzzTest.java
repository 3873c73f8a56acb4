package org.llmplan.cli;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever numbers and names a user types, `memory infer` answers (exit 0) or explains (exit 2). */
class InferBadInputFuzzTest {
  @Provide
  Arbitrary<List<String>> commandLines() {
    Arbitrary<String> number = Arbitraries.of("-1", "0", "1", "2", "3", "8", "16", "128", "4096", "65536",
        "2147483647", "99999999999", "x", "1.5", "");
    Arbitrary<String> option = Arbitraries.of("--tp", "--pp", "--ep", "--group-size", "--max-num-seqs",
        "--max-batched-tokens", "--gpu-memory-utilization", "--block-size", "--max-model-len", "--input", "--output");
    Arbitrary<List<String>> numeric = BadInputFuzzTest.optionsWithValues(option, number, 5);
    Arbitrary<String> model = Arbitraries.of("llama-3.1-8b", "llama-3.1-405b", "mixtral-8x7b", "deepseek-v3",
        "falcon-7b", "nope", "missing.json");
    Arbitrary<String> gpu = Arbitraries.of("h100", "a100-40gb", "l4", "tpu-v5e", "mi300x", "h900");
    Arbitrary<String> engine = Arbitraries.of("vllm", "tensorrt-llm", "sglang", "hf", "ollama");
    Arbitrary<List<String>> flags = Arbitraries.of("--precision=fp8", "--precision=int4", "--precision=int8",
        "--precision=fp4", "--kv-precision=fp8", "--kv-precision=int8", "--chunked-prefill", "--no-chunked-prefill",
        "--json").list().ofMaxSize(3);
    return Combinators.combine(model, gpu, engine, numeric, flags).as((m, g, e, n, f) -> {
      List<String> args = new ArrayList<>(List.of("memory", "infer", "--model", m, "--gpu", g, "--engine", e));
      args.addAll(n);
      args.addAll(f);
      return args;
    });
  }

  @Property(tries = 150)
  void answersOrExplainsNeverCrashes(@ForAll("commandLines") List<String> args) {
    BadInputFuzzTest.answersOrExplains(args, args.contains("--json") ? "\"fits\"" : "Verdict:");
  }
}
