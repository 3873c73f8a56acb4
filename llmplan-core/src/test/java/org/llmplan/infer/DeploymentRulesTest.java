package org.llmplan.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.error.PlanInputException;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;

/** Every rule an engine checks at start-up, and every absurd number, gives a one-line error saying what to change. */
class DeploymentRulesTest {
  private static InferenceRequest request(String model, String gpu, Integer tp, Integer pp, Integer ep, String weights,
      String kv, Integer group, String engine, Integer seqs, Integer tokens, Double util, Integer maxLen) {
    return InferenceRequest.of(model, gpu)
        .with(ReplicaLayout.builder().tp(tp).pp(pp).ep(ep).build())
        .with(NumberFormats.builder().precision(weights).kvPrecision(kv).groupSize(group).build())
        .with(EngineOptions.builder().engine(engine).maxNumSeqs(seqs).maxBatchedTokens(tokens)
            .gpuMemoryUtilization(util).maxModelLen(maxLen).build());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "heads vs tp      | llama-3.1-70b | h100 | 3 | - | - | -    | -   | -   | -            | -  | -  | -   | - | not divisible by TP 3",
      "kv heads vs tp   | qwen2.5-7b    | h100 | 7 | - | - | -    | -   | -   | -            | -  | -  | -   | - | KV heads 4",
      "ep on dense      | llama-3.1-8b  | h100 | 2 | - | 2 | -    | -   | -   | -            | -  | -  | -   | - | dense, use --ep 1",
      "ep not tp        | mixtral-8x7b  | h100 | 4 | - | 2 | -    | -   | -   | -            | -  | -  | -   | - | must be 1",
      "pp over layers   | llama-3.1-8b  | h100 | 1 | 64| - | -    | -   | -   | -            | -  | -  | -   | - | exceeds the 32 layers",
      "int4 groups      | llama-3.1-8b  | h100 | 1 | - | - | int4 | -   | 100 | -            | -  | -  | -   | - | quantization group 100",
      "weight format    | llama-3.1-8b  | h100 | 1 | - | - | int3 | -   | -   | -            | -  | -  | -   | - | unknown weight precision",
      "kv int8          | llama-3.1-8b  | h100 | 1 | - | - | -    | int8| -   | -            | -  | -  | -   | - | use bf16, fp16, fp8 or fp32",
      "unknown engine   | llama-3.1-8b  | h100 | 1 | - | - | -    | -   | -   | vllmm        | -  | -  | -   | - | did you mean vllm",
      "unknown gpu      | llama-3.1-8b  | h10  | 1 | - | - | -    | -   | -   | -            | -  | -  | -   | - | unknown gpu",
      "negative tp      | llama-3.1-8b  | h100 | -2| - | - | -    | -   | -   | -            | -  | -  | -   | - | tp must be between 1",
      "budget < seqs    | llama-3.1-8b  | h100 | 1 | - | - | -    | -   | -   | -            | 512| 256| -   | - | must be at least max-num-seqs",
      "utilization      | llama-3.1-8b  | h100 | 1 | - | - | -    | -   | -   | -            | -  | -  | 1.5 | - | gpu-memory-utilization must be",
      "model length     | llama-3.1-8b  | h100 | 1 | - | - | -    | -   | -   | -            | -  | -  | -   | 999999 | exceeds the 131072 positions",
  })
  void badDeploymentsSayWhatToChange(String name, String model, String gpu, Integer tp, Integer pp, Integer ep,
      String weights, String kv, Integer group, String engine, Integer seqs, Integer tokens, Double util, Integer maxLen,
      String message) {
    InferenceRequest r = request(model, gpu, tp, pp, ep, weights, kv, group, engine, seqs, tokens, util, maxLen);
    assertThatThrownBy(() -> r.toDeployment(Deployments.CATALOG)).isInstanceOf(PlanInputException.class)
        .hasMessageContaining(message).message().doesNotContain("\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "too long for the model | 120000 | 20000 | vllm         | more than the 131072 of llama-3.1-8b; shorten the request",
      "prompt over the budget | 20000  | 100   | tensorrt-llm | raise --max-batched-tokens to 20000",
      "negative output        | 100    | -5    | vllm         | output tokens must be between 1",
  })
  void requestLengthsAnEngineCannotRunSayWhy(String name, int input, int output, String engine, String message) {
    assertThatThrownBy(() -> {
      InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, null, null, engine);
      new RequestLengths(input, output).checkAgainst(d);
    }).isInstanceOf(PlanInputException.class).hasMessageContaining(message);
  }

  @Test
  void aPromptOfTheModelsFullLengthStillGetsItsOneOutputToken() {
    InferenceDeployment d = Deployments.of("llama-3.1-8b", "h100", 1, null, null, "vllm");
    new RequestLengths(131_072, 1).checkAgainst(d); // the sampled token is never attended to
    assertThatThrownBy(() -> new RequestLengths(131_072, 2).checkAgainst(d)).hasMessageContaining("131073 positions");
  }

  @Test
  void aRequestWithinTheModelButOverTheEnginesLengthIsToldTheLengthToSet() {
    InferenceDeployment d = InferenceRequest.of("llama-3.1-8b", "h100")
        .with(EngineOptions.builder().maxModelLen(4096).build()).toDeployment(Deployments.CATALOG);
    assertThatThrownBy(() -> new RequestLengths(5000, 100).checkAgainst(d))
        .hasMessageContaining("raise --max-model-len to 5099");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"llama-3.1-70b, 16", "deepseek-v3, 8", "mixtral-8x7b, 8"})
  void legalLayoutsPass(String model, int tp) {
    assertThat(Deployments.of(model, "h100", tp, "fp8", null, "vllm").gpus()).isEqualTo(tp);
  }
}
