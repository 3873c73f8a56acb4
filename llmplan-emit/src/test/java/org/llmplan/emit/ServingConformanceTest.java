package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.llmplan.emit.conformance.ServerCommand;
import org.llmplan.emit.conformance.ServingConformance;

/**
 * The conformance checks can fail: each defect the serving bundles had, or a typo, written into a command, is
 * reported with the manifest row it breaks. The rows themselves are read from the manifests (a missing row fails).
 */
class ServingConformanceTest {
  private static final YAMLMapper YAML = new YAMLMapper();

  private static List<String> vllm(String line, int gpusOnNode) {
    return ServingConformance.vllm(ServerCommand.inScript("test.sh", line).get(0), gpusOnNode);
  }

  private static List<String> trtllm(String line, String options) throws Exception {
    return ServingConformance.trtllm(ServerCommand.inScript("test.sh", line).get(0), YAML.readTree(options));
  }

  @Test
  void anAcceptedVllmCommandHasNoProblems() {
    assertThat(vllm("exec vllm serve m --tensor-parallel-size 2 --no-enable-chunked-prefill --kv-cache-dtype fp8 "
        + "--block-size 16 --gpu-memory-utilization 0.9 --quantization awq --dtype half", 8)).isEmpty();
    assertThat(vllm("vllm serve m --tensor-parallel-size=2 --enable-expert-parallel", 8)).isEmpty();
  }

  /** vllm.json flags: a misspelt flag, a value outside choices, a non-number, a switch given a value. */
  @Test
  void flagsOutsideTheManifestAreReported() {
    assertThat(vllm("vllm serve m --tensor-parallel-sise 2", 8)).singleElement().asString()
        .contains("--tensor-parallel-sise is not an option of vllm serve");
    assertThat(vllm("vllm serve m --kv-cache-dtype fp16", 8)).singleElement().asString()
        .contains("--kv-cache-dtype fp16 is not one of");
    assertThat(vllm("vllm serve m --block-size 17", 8)).singleElement().asString().contains("not one of");
    assertThat(vllm("vllm serve m --max-model-len 8k2", 8)).singleElement().asString().contains("is not int");
    assertThat(vllm("vllm serve m --headless=yes", 8)).singleElement().asString().contains("is a switch");
  }

  /** Issue 14: vLLM int4 plans passed --dtype bfloat16 with --quantization awq (fact vllm_awq_act_dtype). */
  @Test
  void awqWithBfloat16IsReported() {
    assertThat(vllm("vllm serve m --quantization awq --dtype bfloat16", 8)).singleElement().asString()
        .contains("vllm_awq_act_dtype");
  }

  @Test
  void dataParallelAndExecutorFactsAreChecked() {
    assertThat(vllm("vllm serve m --data-parallel-size 2 --data-parallel-size-local 4", 8)).singleElement()
        .asString().contains("vllm_dp_local_le_dp");
    assertThat(vllm("vllm serve m --data-parallel-size 4 --data-parallel-start-rank 2", 8)).singleElement()
        .asString().contains("vllm_hybrid_lb");
    assertThat(vllm("vllm serve m --headless --api-server-count 1", 8)).singleElement().asString()
        .contains("vllm_lb_modes_exclusive");
    assertThat(vllm("vllm serve m --tensor-parallel-size 8 --pipeline-parallel-size 2", 8)).singleElement()
        .asString().contains("vllm_backend_default");
  }

  /** Issue 14: the flag's KV share was discarded by the options' kv_cache_config (fact trt_yaml_kv_cache). */
  @Test
  void trtllmFractionFlagBesideAKvCacheConfigIsReported() throws Exception {
    assertThat(trtllm("trtllm-serve m --tp_size 4 --gpus_per_node 8 --kv_cache_free_gpu_memory_fraction 0.9",
        "kv_cache_config: {dtype: fp8}")).singleElement().asString().contains("trt_yaml_kv_cache");
    assertThat(trtllm("trtllm-serve m --tp_size 4 --gpus_per_node 8 --kv_cache_free_gpu_memory_fraction 0.9",
        "{}")).isEmpty();
    assertThat(trtllm("trtllm-serve m --tp-size 4", "{}")).singleElement().asString()
        .contains("--tp-size is not an option of trtllm-serve");
    assertThat(trtllm("trtllm-serve m --backend onnx", "{}")).singleElement().asString().contains("not one of");
  }

  /** Issue 14: multi-node trtllm-serve ran a bare command (fact trt_launch_wrapper). */
  @Test
  void multiNodeTrtllmWithoutTheLaunchWrapperIsReported() throws Exception {
    String serve = "trtllm-serve m --tp_size 8 --pp_size 2 --gpus_per_node 8";
    assertThat(trtllm("exec " + serve, "{}")).singleElement().asString().contains("trt_launch_wrapper");
    assertThat(trtllm("srun --mpi=pmix trtllm-llmapi-launch " + serve, "{}")).isEmpty();
  }

  /** Issue 14: the scrape read /metrics, JSON in trtllm-serve (facts trt_metrics_json, trt_metrics_prometheus). */
  @Test
  void llmApiOptionsAreChecked() throws Exception {
    Set<String> unverified = new HashSet<>();
    JsonNode good = YAML.readTree("{kv_cache_config: {free_gpu_memory_fraction: 0.85, dtype: fp8}, "
        + "return_perf_metrics: true}");
    assertThat(ServingConformance.trtllmOptions(good, "/prometheus/metrics", unverified)).isEmpty();
    assertThat(unverified).containsExactly("kv_cache_config.dtype");
    assertThat(ServingConformance.trtllmOptions(good, "/metrics", unverified)).singleElement().asString()
        .contains("trt_metrics_prometheus");
    JsonNode bad = YAML.readTree("{kv_cache_cfg: {}, kv_cache_config: {free_gpu_memory_fraction: 1.5}, "
        + "return_perf_metrics: true}");
    assertThat(ServingConformance.trtllmOptions(bad, "/prometheus/metrics", unverified))
        .anySatisfy(p -> assertThat(p).contains("kv_cache_cfg is not an LLM-API field"))
        .anySatisfy(p -> assertThat(p).contains("trt_kv_fraction_default")).hasSize(2);
  }

  /** Every server a bundle starts is found: scripts, container args and bash -c scripts, wrapped or not. */
  @Test
  void serverCommandsAreFoundWhereverABundleStartsThem() {
    List<ServerCommand> found = ServerCommand.inScript("x.sh", "# vllm serve in a comment\n"
        + "ray start --head && exec vllm serve m \\\n  --tensor-parallel-size 2 &\n"
        + "mpirun -np 16 trtllm-llmapi-launch trtllm-serve m --tp_size 8; echo done\n");
    assertThat(found).extracting(ServerCommand::program).containsExactly("vllm serve", "trtllm-serve");
    assertThat(found.get(0).words()).containsExactly("m", "--tensor-parallel-size", "2");
    assertThat(found.get(1).wrapped()).isTrue();
    assertThat(found.get(1).words()).containsExactly("m", "--tp_size", "8");
  }
}
