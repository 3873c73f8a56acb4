package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.engine.VllmEngine;
import org.llmplan.error.PlanInputException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;
import org.llmplan.request.TokenCounts;

/**
 * Every serving plan either gets a one-line refusal (a PlanInputException, never another exception) or vLLM
 * flags that vLLM's own start-up checks accept (SchedulerConfig.verify_max_model_len, the CacheDType literal,
 * TP x PP on the GPUs of the replica's pods), with enough plans accepted for that to mean something.
 */
class ServingFlagsPropertyTest {
  private static final Set<String> KV_DTYPES = Set.of("auto", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2");

  @Property(tries = 150)
  void everyAcceptedPlanGivesFlagsVllmAccepts(@ForAll("models") String model,
      @ForAll @IntRange(min = 0, max = 4) int tpLog, @ForAll @IntRange(min = 0, max = 2) int ppLog,
      @ForAll("weights") String weights, @ForAll("kv") String kv, @ForAll("caps") Integer seqs,
      @ForAll("tokens") Integer tokens, @ForAll boolean chunked, @ForAll @IntRange(min = 1, max = 4) int replicas) {
    Statistics.coverage(c -> c.check("emitted").percentage(p -> p >= 10));
    InferenceRequest request = InferenceRequest.of(model, "h100")
        .with(ReplicaLayout.builder().tp(1 << tpLog).pp(1 << ppLog).build())
        .with(NumberFormats.builder().precision(weights).kvPrecision(kv).build())
        .with(EngineOptions.builder().engine("vllm").maxNumSeqs(seqs).maxBatchedTokens(tokens).maxModelLen(8192)
            .chunkedPrefill(chunked).build())
        .with(TokenCounts.builder().input(1024).output(128).build());
    List<BundleFile> files;
    try {
      files = LaunchBundle.generate(ServingPlans.plan(request, replicas, null, null, null), TestPlans.CATALOG,
          LaunchSettings.DEFAULTS, List.of("vllm", "kubernetes"));
    } catch (PlanInputException refused) {
      assertThat(refused.getMessage()).doesNotContain("\n");
      Statistics.collect("refused");
      return;
    }
    Statistics.collect("emitted");
    ServingLaunch launch = ServingLaunch.of(ServingPlans.plan(request, replicas, null, null, null),
        TestPlans.CATALOG, LaunchSettings.DEFAULTS);
    InferenceDeployment d = launch.deployment();
    Map<String, String> f = new HashMap<>();
    new VllmEngine().command(launch, "m", null).flags().forEach(flag -> f.put(flag.name(), flag.value()));
    int tp = Integer.parseInt(f.get("--tensor-parallel-size"));
    int pp = Integer.parseInt(f.get("--pipeline-parallel-size"));
    assertThat(tp * pp).isEqualTo(launch.gpusPerPod() * launch.nodesPerReplica());
    assertThat(launch.gpusPerPod()).isLessThanOrEqualTo(d.gpusPerNode());
    assertThat(d.model().heads() % tp).isZero();
    int maxTokens = Integer.parseInt(f.get("--max-num-batched-tokens"));
    assertThat(maxTokens).isGreaterThanOrEqualTo(Integer.parseInt(f.get("--max-num-seqs")));
    if (f.containsKey("--no-enable-chunked-prefill")) {
      assertThat(maxTokens).isGreaterThanOrEqualTo(Integer.parseInt(f.get("--max-model-len")));
    }
    assertThat(KV_DTYPES).contains(f.get("--kv-cache-dtype"));
    assertThat(Double.parseDouble(f.get("--gpu-memory-utilization"))).isGreaterThan(0).isLessThanOrEqualTo(1);
    String manifest = files.stream().filter(b -> b.path().startsWith("kubernetes/deployment")
        || b.path().startsWith("kubernetes/leaderworkerset")).findFirst().orElseThrow().content();
    assertThat(manifest).contains("nvidia.com/gpu: \"" + launch.gpusPerPod() + "\"");
  }

  @Provide
  Arbitrary<String> models() {
    return Arbitraries.of("llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "qwen3-30b-a3b", "llama-3.1-405b");
  }

  @Provide
  Arbitrary<String> weights() {
    return Arbitraries.of("bf16", "fp16", "fp8", "int4");
  }

  @Provide
  Arbitrary<String> kv() {
    return Arbitraries.of("bf16", "fp16", "fp8");
  }

  @Provide
  Arbitrary<Integer> caps() {
    return Arbitraries.of(64, 256, 1024).injectNull(0.3);
  }

  @Provide
  Arbitrary<Integer> tokens() {
    return Arbitraries.of(512, 2048, 8192, 32768).injectNull(0.3);
  }
}
