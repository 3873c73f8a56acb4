package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.conformance.UpstreamManifest;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.plan.PlanFile;

/**
 * Triton's model repository for the vLLM backend: model.json holds engine arguments that vLLM has (each an
 * EngineArgs field behind a vllm.json flag row with a config field), with the plan's numbers and the same values as
 * the vllm serve script; config.pbtxt selects the backend with one model-wide instance; the launcher passes
 * shellcheck; plans Triton cannot run are refused in one line.
 */
class TritonTargetTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, BundleFile> files(PlanFile plan) {
    Map<String, BundleFile> files = new java.util.LinkedHashMap<>();
    LaunchBundle.generate(plan, TestPlans.CATALOG, LaunchSettings.DEFAULTS, List.of("vllm", "triton"))
        .forEach(f -> files.put(f.path(), f));
    return files;
  }

  @Test
  void engineArgumentsAreVllmFieldsWithThePlansNumbers() throws Exception {
    ServingLaunch launch = ServingPlans.launch("tp4-fp8");
    Map<String, BundleFile> files = files(ServingPlans.PLANS.get("tp4-fp8"));
    String folder = "triton/model_repository/" + launch.name();
    JsonNode args = JSON.readTree(files.get(folder + "/1/model.json").content());
    args.fieldNames().forEachRemaining(key -> {
      if (!key.equals("model")) {
        JsonNode row = UpstreamManifest.VLLM.option("--" + key.replace('_', '-'));
        assertThat(row).as(key + " has a vllm.json flag row").isNotNull();
        assertThat(row.path("config_field").asText()).as(key + " is an engine argument").isNotEmpty();
      }
    });
    InferenceDeployment d = launch.deployment();
    assertThat(args.path("model").asText()).isEqualTo(launch.modelId());
    assertThat(args.path("tensor_parallel_size").asInt()).isEqualTo(d.tp());
    assertThat(args.path("max_model_len").asInt()).isEqualTo(d.maxModelLen());
    assertThat(args.path("max_num_seqs").asInt()).isEqualTo(d.maxNumSeqs());
    assertThat(args.path("gpu_memory_utilization").asDouble()).isEqualTo(d.gpuMemoryUtilization());
    assertThat(args.path("kv_cache_dtype").asText()).isEqualTo("fp8");
    assertThat(args.path("enable_chunked_prefill").asBoolean()).isEqualTo(d.chunkedPrefill());
    Map<String, String> script = ServingBundleTest.flags(files.get("serve/vllm-serve.sh").content(), "vllm serve");
    assertThat(script.get("--block-size")).isEqualTo(args.path("block_size").asText());
    assertThat(script.get("--quantization")).isEqualTo(args.path("quantization").asText());
    String config = files.get(folder + "/config.pbtxt").content();
    assertThat(config).contains("backend: \"vllm\"", "kind: KIND_MODEL", "count: 1");
  }

  @Test
  void theLauncherPassesShellcheck(@TempDir Path dir) {
    PlanFile plan = ServingPlans.PLANS.get("one-gpu");
    BundleWriter.write(dir.resolve("b"), LaunchBundle.generate(plan, TestPlans.CATALOG, LaunchSettings.DEFAULTS,
        List.of("triton")), false);
    ExternalTool result = ExternalTool.run(dir.resolve("b"), "shellcheck", "--shell=bash", "--severity=style",
        "triton/tritonserver.sh");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void plansTritonCannotRunAreRefused() {
    assertThatThrownBy(() -> files(ServingPlans.PLANS.get("two-nodes")))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("within one node");
    assertThatThrownBy(() -> LaunchBundle.generate(ServingPlans.PLANS.get("trtllm"), TestPlans.CATALOG,
        LaunchSettings.DEFAULTS, List.of("triton")))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("--engine vllm");
  }
}
