package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.monitor.ServingThresholds;
import org.llmplan.emit.monitor.Thresholds;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Precision;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.WeightFormat;
import org.llmplan.plan.PlanFile;

/**
 * Serving bundles pass the real validators (shellcheck, promtool, the LeaderWorkerSet CRD schema, strict
 * fabric8 parsing of Deployment, Service, HPA and ConfigMap) and agree with the plan and with vLLM's own
 * rules (TP x PP = GPUs of a replica, max-num-batched-tokens >= max-num-seqs, KV dtype values).
 */
class ServingBundleTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final CrdSchema LWS = CrdSchema.load("leaderworkerset.x-k8s.io_leaderworkersets.yaml", "v1");
  /** vLLM's CacheDType literal (config/cache.py). */
  private static final Set<String> KV_DTYPES = Set.of("auto", "bfloat16", "fp8", "fp8_e4m3", "fp8_e5m2");

  static List<String> plans() {
    return ServingPlans.names();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void scriptsPassShellcheck(String plan) throws IOException {
    Path bundle = ServingPlans.bundle(plan);
    List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    try (Stream<Path> files = Files.walk(bundle)) {
      files.filter(f -> f.toString().endsWith(".sh")).forEach(f -> command.add(bundle.relativize(f).toString()));
    }
    assertThat(command).hasSizeGreaterThan(3);
    ExternalTool result = ExternalTool.run(bundle, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void rulesAndConfigPassPromtool(String plan) {
    Path monitoring = ServingPlans.bundle(plan).resolve("monitoring");
    ExternalTool check = ExternalTool.run(monitoring, "promtool", "check", "rules", "rules/serving-alerts.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    ExternalTool config = ExternalTool.run(monitoring, "promtool", "check", "config", "prometheus.yml");
    assertThat(config.exitCode()).as(config.output()).isZero();
    ExternalTool test = ExternalTool.run(monitoring, "promtool", "test", "rules", "rules/serving-alerts.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** The rule tests can fail: a TTFT threshold far above the target never fires on the slow example. */
  @Test
  void ruleTestsCatchAWrongLatencyThreshold(@TempDir Path dir) throws IOException {
    Path bundle = ServingPlans.bundle("tp4-fp8");
    Path rules = bundle.resolve("monitoring/rules/serving-alerts.yml");
    String text = Files.readString(rules);
    String expr = "time_to_first_token_seconds_bucket{job=\\\"vllm\\\"}[5m]))) > 1\"";
    assertThat(text).contains(expr);
    Path copy = dir.resolve("rules");
    Files.createDirectories(copy);
    Files.writeString(copy.resolve("serving-alerts.yml"), text.replace(expr, expr.replace("> 1", "> 100")));
    Files.copy(bundle.resolve("monitoring/rules/serving-alerts.test.yml"), copy.resolve("serving-alerts.test.yml"));
    ExternalTool test = ExternalTool.run(copy, "promtool", "test", "rules", "serving-alerts.test.yml");
    assertThat(test.exitCode()).isNotZero();
    assertThat(test.output()).contains("ServingTtftAboveSlo");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void alertThresholdsComeFromThePlan(String plan) throws IOException {
    ServingLaunch launch = ServingPlans.launch(plan);
    String rules = Files.readString(ServingPlans.bundle(plan).resolve("monitoring/rules/serving-alerts.yml"));
    assertThat(rules).contains("GpuXidError", "GpuTemperatureHigh");
    if (!launch.engine().metrics().isPresent()) {
      assertThat(rules).doesNotContain("vllm:");
      return;
    }
    ServingThresholds t = ServingThresholds.of(launch);
    assertThat(rules).contains("vllm:kv_cache_usage_perc{job=\\\"vllm\\\"}) > 0.95")
        .contains("vllm:num_requests_waiting{job=\\\"vllm\\\"}) > " + t.queueDepth() + " and")
        .doesNotContain("gpu_cache_usage_perc", "time_per_output_token_seconds");
    launch.ttftSlo().ifPresentOrElse(
        s -> assertThat(rules).contains("time_to_first_token_seconds_bucket{job=\\\"vllm\\\"}[5m]))) > "
            + Thresholds.plain(s) + "\""),
        () -> assertThat(rules).doesNotContain("ServingTtftAboveSlo"));
    launch.tpotSlo().ifPresent(s -> assertThat(rules).contains(
        "inter_token_latency_seconds_bucket{job=\\\"vllm\\\"}[5m]))) > " + Thresholds.plain(s) + "\""));
    String hpa = Files.readString(ServingPlans.bundle(plan).resolve("kubernetes/hpa.yaml"));
    assertThat(hpa).contains("averageValue: \"" + t.queueDepth() + "\"");
  }

  /** The queue threshold worked by hand: 8.84 requests/s x (1 s target - 0.101 s alone) = 7.9, so 7. */
  @Test
  void queueThresholdIsTheBacklogClearedWithinTheTtftHeadroom() {
    ServingLaunch launch = ServingPlans.launch("tp4-fp8");
    double x = launch.estimate().offline().requestsPerSecond();
    double headroom = 1.0 - launch.estimate().ttftSeconds();
    assertThat(ServingThresholds.of(launch).queueDepth()).isEqualTo((int) Math.floor(x * headroom));
    assertThat(ServingThresholds.of(launch).queueDepth()).isBetween(1, 1000);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void vllmFlagsAgreeWithThePlanAndVllmsRules(String plan) throws IOException {
    ServingLaunch launch = ServingPlans.launch(plan);
    Path script = ServingPlans.bundle(plan).resolve("serve/vllm-serve.sh");
    if (!launch.engine().metrics().isPresent()) {
      assertThat(script).doesNotExist();
      return;
    }
    Map<String, String> f = flags(Files.readString(script), "vllm serve");
    InferenceDeployment d = launch.deployment();
    int tp = Integer.parseInt(f.get("--tensor-parallel-size"));
    int pp = Integer.parseInt(f.get("--pipeline-parallel-size"));
    assertThat(tp * pp).isEqualTo(d.gpus()).isEqualTo(launch.gpusPerPod() * launch.nodesPerReplica());
    assertThat(d.model().heads() % tp).isZero();
    assertThat(Integer.parseInt(f.get("--max-model-len"))).isEqualTo(d.maxModelLen());
    int seqs = Integer.parseInt(f.get("--max-num-seqs"));
    int tokens = Integer.parseInt(f.get("--max-num-batched-tokens"));
    assertThat(seqs).isEqualTo(d.maxNumSeqs());
    assertThat(tokens).isEqualTo(d.maxBatchedTokens()).isGreaterThanOrEqualTo(seqs);
    if (!f.containsKey("--enable-chunked-prefill")) {
      assertThat(tokens).isGreaterThanOrEqualTo(d.maxModelLen());
    }
    assertThat(Double.parseDouble(f.get("--gpu-memory-utilization"))).isEqualTo(d.gpuMemoryUtilization())
        .isGreaterThan(0).isLessThanOrEqualTo(1);
    assertThat(Integer.parseInt(f.get("--block-size"))).isEqualTo(d.blockSize());
    assertThat(KV_DTYPES).contains(f.get("--kv-cache-dtype"));
    assertThat(f.get("--kv-cache-dtype").equals("fp8")).isEqualTo(d.kvPrecision() == Precision.FP8);
    assertThat("fp8".equals(f.get("--quantization"))).isEqualTo(d.weights() == WeightFormat.FP8);
    assertThat(f.containsKey("--enable-expert-parallel")).isEqualTo(d.ep() > 1);
    assertThat("ray".equals(f.get("--distributed-executor-backend"))).isEqualTo(launch.nodesPerReplica() > 1);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void trtllmFlagsAgreeWithThePlan(String plan) throws IOException {
    ServingLaunch launch = ServingPlans.launch(plan);
    Path bundle = ServingPlans.bundle(plan);
    Map<String, String> f = flags(Files.readString(bundle.resolve("serve/trtllm-serve.sh")), "trtllm-serve");
    InferenceDeployment d = launch.deployment();
    assertThat(Integer.parseInt(f.get("--tp_size")) * Integer.parseInt(f.get("--pp_size"))).isEqualTo(d.gpus());
    assertThat(Integer.parseInt(f.get("--gpus_per_node"))).isEqualTo(launch.gpusPerPod());
    assertThat(Integer.parseInt(f.get("--max_seq_len"))).isEqualTo(d.maxModelLen());
    assertThat(Integer.parseInt(f.get("--max_batch_size"))).isEqualTo(d.maxNumSeqs());
    assertThat(f.get("--host")).isEqualTo("0.0.0.0"); // trtllm-serve listens on localhost by default
    assertThat(f.get("--backend")).isEqualTo("pytorch");
    JsonNode options = YAML.readTree(bundle.resolve("serve/trtllm-options.yaml").toFile());
    assertThat(options.path("kv_cache_config").path("dtype").asText())
        .isEqualTo(d.kvPrecision() == Precision.FP8 ? "fp8" : "auto");
    // The options file's kv_cache_config replaces the flag's (tensorrt-llm.json trt_yaml_kv_cache): the share is there.
    assertThat(f).doesNotContainKey("--kv_cache_free_gpu_memory_fraction");
    assertThat(options.path("kv_cache_config").path("free_gpu_memory_fraction").asDouble())
        .isEqualTo(launch.engine().name().equals("trtllm") ? d.gpuMemoryUtilization() : 0.9);
  }

  /** One-node replicas: Deployment, Service and HPA parse strictly and agree with the plan and the script. */
  @ParameterizedTest
  @MethodSource("plans")
  void coreKindsParseStrictlyAndMatchThePlan(String plan) throws IOException {
    ServingLaunch launch = ServingPlans.launch(plan);
    Path k8s = ServingPlans.bundle(plan).resolve("kubernetes");
    Service service = StrictKubernetes.parse(k8s.resolve("service.yaml"), Service.class);
    assertThat(StrictKubernetes.unknownFields(service)).isEmpty();
    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(ServingLaunch.PORT);
    if (launch.engine().metrics().isPresent()) {
      HorizontalPodAutoscaler hpa = StrictKubernetes.parse(k8s.resolve("hpa.yaml"), HorizontalPodAutoscaler.class);
      assertThat(StrictKubernetes.unknownFields(hpa)).isEmpty();
      assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(launch.replicas());
      assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(launch.replicas());
      assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(launch.name());
      assertThat(hpa.getSpec().getMetrics()).allSatisfy(m -> assertThat(m.getType()).isEqualTo("Pods"));
      assertThat(hpa.getSpec().getScaleTargetRef().getKind())
          .isEqualTo(launch.nodesPerReplica() > 1 ? "LeaderWorkerSet" : "Deployment");
    } else {
      // No queue gauge: no autoscaler, rather than a CPU target that needs a CPU request the pods do not have.
      assertThat(k8s.resolve("hpa.yaml")).doesNotExist();
      ConfigMap options = StrictKubernetes.parse(k8s.resolve("configmap.yaml"), ConfigMap.class);
      assertThat(StrictKubernetes.unknownFields(options)).isEmpty();
      assertThat(options.getData().get("options.yaml")).contains("dtype: fp8", "return_perf_metrics: true");
    }
    if (launch.nodesPerReplica() > 1) {
      assertThat(k8s.resolve("deployment.yaml")).doesNotExist();
      return;
    }
    Deployment deployment = StrictKubernetes.parse(k8s.resolve("deployment.yaml"), Deployment.class);
    assertThat(StrictKubernetes.unknownFields(deployment)).isEmpty();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(launch.replicas());
    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    checkPod(launch, pod);
    Container server = pod.getContainers().get(0);
    assertThat(server.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(server.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    if (launch.engine().metrics().isPresent()) {
      // The reference's entrypoint pitfall: the program is in command, never "serve" in args.
      assertThat(server.getCommand()).containsExactly("vllm", "serve");
      assertThat(server.getArgs()).doesNotContain("serve");
      Map<String, String> scriptFlags = flags(Files.readString(ServingPlans.bundle(plan)
          .resolve("serve/vllm-serve.sh")), "vllm serve");
      Map<String, String> podFlags = new LinkedHashMap<>();
      server.getArgs().stream().skip(1).forEach(a -> podFlags.put(a.split("=", 2)[0],
          a.contains("=") ? a.split("=", 2)[1] : ""));
      assertThat(podFlags).isEqualTo(scriptFlags);
      assertThat(server.getArgs().get(0)).isEqualTo(launch.modelId());
    }
  }

  @ParameterizedTest
  @MethodSource("plans")
  void multiNodeReplicasAreALeaderWorkerSetValidAgainstItsCrd(String plan) throws IOException {
    ServingLaunch launch = ServingPlans.launch(plan);
    Path file = ServingPlans.bundle(plan).resolve("kubernetes/leaderworkerset.yaml");
    if (launch.nodesPerReplica() == 1) {
      assertThat(file).doesNotExist();
      return;
    }
    JsonNode lws = YAML.readTree(file.toFile());
    assertThat(LWS.validate(lws)).isEmpty();
    JsonNode template = lws.path("spec").path("leaderWorkerTemplate");
    assertThat(template.path("size").asInt()).isEqualTo(launch.nodesPerReplica());
    assertThat(lws.path("spec").path("replicas").asInt()).isEqualTo(launch.replicas());
    for (String role : List.of("leaderTemplate", "workerTemplate")) {
      PodSpec pod = YAML.treeToValue(template.path(role).path("spec"), PodSpec.class);
      assertThat(StrictKubernetes.unknownFields(pod)).isEmpty();
      checkPod(launch, pod);
    }
    String leader = template.path("leaderTemplate").path("spec").path("containers").get(0).path("command").get(2)
        .asText();
    assertThat(leader).contains("--tensor-parallel-size " + launch.deployment().tp(),
        "--pipeline-parallel-size " + launch.deployment().pp(), "--distributed-executor-backend ray");
    Service service = StrictKubernetes.parse(ServingPlans.bundle(plan).resolve("kubernetes/service.yaml"),
        Service.class);
    assertThat(service.getSpec().getSelector()).containsEntry("role", "leader")
        .containsEntry("leaderworkerset.sigs.k8s.io/name", launch.name());
  }

  /** The validators do reject: a misspelt probe key is an unknown field, a misspelt LWS key a schema error. */
  @Test
  void strictParsingAndTheCrdSchemaCatchMisspeltKeys() throws IOException {
    String deployment = Files.readString(ServingPlans.bundle("one-gpu").resolve("kubernetes/deployment.yaml"));
    assertThat(deployment).contains("readinessProbe:");
    Deployment typo = StrictKubernetes.parse(deployment.replace("readinessProbe:", "readinesProbe:"),
        Deployment.class);
    assertThat(StrictKubernetes.unknownFields(typo)).singleElement().asString().contains("readinesProbe");
    String lws = Files.readString(ServingPlans.bundle("two-nodes").resolve("kubernetes/leaderworkerset.yaml"));
    assertThat(LWS.validate(YAML.readTree(lws.replace("restartPolicy:", "restartPolicyy:")))).isNotEmpty();
    assertThat(LWS.validate(YAML.readTree(lws.replace("size: 2", "size: \"two\"")))).isNotEmpty();
  }

  @Test
  void grafanaDrawsTheTargetsAsThresholds() throws IOException {
    JsonNode dashboard = YAML.readTree(ServingPlans.bundle("tp4-fp8").resolve("monitoring/grafana-dashboard.json")
        .toFile());
    List<String> titles = new ArrayList<>();
    dashboard.path("panels").forEach(p -> titles.add(p.path("title").asText()));
    assertThat(titles).contains("p99 time to first token", "p99 time per output token", "KV cache usage",
        "Output tokens/s (all replicas)", "GPU temperature");
    JsonNode ttft = dashboard.path("panels").get(0);
    assertThat(ttft.at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble()).isEqualTo(1.0);
    assertThat(ttft.at("/targets/0/expr").asText()).contains("vllm:time_to_first_token_seconds_bucket");
    JsonNode tpot = dashboard.path("panels").get(1);
    assertThat(tpot.at("/fieldConfig/defaults/thresholds/steps/1/value").asDouble()).isEqualTo(0.06);
  }

  @Test
  void readmeSummarisesTheServingPlan() throws IOException {
    ServingLaunch launch = ServingPlans.launch("tp4-fp8");
    String readme = Files.readString(ServingPlans.bundle("tp4-fp8").resolve("README.md"));
    assertThat(readme).contains(String.format(java.util.Locale.ROOT, "%.0f output tokens/s",
        launch.estimate().offline().outputTokensPerSecond()))
        .contains(launch.estimate().memory().kvTokens() + " tokens")
        .contains("p99 above 1.0 s", "p99 above 0.06 s", "kubectl apply -f kubernetes/", "serve/vllm-serve.sh");
  }

  @Test
  void badServingPlansGetOneLine() {
    assertThatThrownBy(() -> generate(ServingPlans.plan(ServingPlans.request("llama-3.1-8b", "h100", 1, 1, null,
        null, "sglang", null), 1, null, null, null), null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("launch vllm or tensorrt-llm");
    assertThatThrownBy(() -> generate(ServingPlans.plan(ServingPlans.request("llama-3.1-70b", "h100", 3, 1, null,
        null, "vllm", null), 1, null, null, null), null))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("not divisible by TP 3");
    assertThatThrownBy(() -> generate(ServingPlans.plan(ServingPlans.request("llama-3.1-405b", "h100", 1, 1, null,
        null, "vllm", 8192), 1, null, null, null), null))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("does not fit");
    assertThatThrownBy(() -> generate(ServingPlans.plan(ServingPlans.request("llama-3.1-70b", "h100", 4, 1, null,
        null, "vllm", 16384), 1, 2.0, 0.001, null), null))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("above the TTFT target 0.001 s");
    assertThatThrownBy(() -> generate(ServingPlans.plan(ServingPlans.request("llama-3.1-8b", "h100", 1, 1, null,
        null, "vllm", null), 0, null, null, null), null))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("replicas");
  }

  @Test
  void trainingTargetsOnAServingPlanNameTheServingTargets() {
    assertThatThrownBy(() -> generate(ServingPlans.PLANS.get("one-gpu"), List.of("vllm", "slurm", "deepspeed")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("targets slurm, deepspeed do not apply to a serving plan: choose from vllm, triton, trtllm, "
            + "kubernetes, prometheus, grafana, readme");
  }

  @Test
  void chosenTargetsOnly() {
    assertThat(generate(ServingPlans.PLANS.get("one-gpu"), List.of("kubernetes")).stream().map(BundleFile::path))
        .containsExactly("plan.json", "kubernetes/deployment.yaml", "kubernetes/service.yaml", "kubernetes/hpa.yaml");
  }

  private static List<BundleFile> generate(PlanFile plan, List<String> targets) {
    return LaunchBundle.generate(plan, TestPlans.CATALOG, LaunchSettings.DEFAULTS, targets);
  }

  /** GPUs, a memory-backed /dev/shm, the model cache volume, GPU node selection and toleration. */
  private static void checkPod(ServingLaunch launch, PodSpec pod) {
    Container c = pod.getContainers().get(0);
    assertThat(c.getResources().getLimits().get("nvidia.com/gpu").getAmount())
        .isEqualTo(String.valueOf(launch.gpusPerPod()));
    assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/dev/shm"));
    assertThat(pod.getVolumes().stream().filter(v -> v.getEmptyDir() != null)
        .map(v -> v.getEmptyDir().getMedium())).contains("Memory");
    assertThat(pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
        .map(v -> v.getPersistentVolumeClaim().getClaimName())).contains(launch.name() + "-models");
    assertThat(pod.getNodeSelector()).containsEntry("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3");
    assertThat(pod.getTolerations()).anySatisfy(t -> assertThat(t.getKey()).isEqualTo("nvidia.com/gpu"));
  }

  /** The flags of the command after {@code program} in a script: "--flag value" pairs, switches mapped to "". */
  static Map<String, String> flags(String script, String program) {
    int exec = script.indexOf("\nexec ");
    String command = script.substring(script.indexOf(program + " ", exec) + program.length())
        .replace("\\\n", " ");
    String[] words = command.trim().split("\\s+");
    Map<String, String> f = new LinkedHashMap<>();
    for (int i = 1; i < words.length; i++) {
      boolean hasValue = i + 1 < words.length && !words[i + 1].startsWith("--");
      f.put(words[i], hasValue ? words[++i] : "");
    }
    return f;
  }
}
