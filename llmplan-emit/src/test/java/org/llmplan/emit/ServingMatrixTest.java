package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.emit.conformance.ServerCommand;
import org.llmplan.emit.conformance.ServingConformance;
import org.llmplan.emit.conformance.UpstreamManifest;

/**
 * Every bundle of the serving matrix ({@link ServingMatrix}) passes every check: each server command it starts
 * against the upstream manifests (vllm.json, tensorrt-llm.json), shellcheck on its scripts, promtool on its
 * monitoring, the LeaderWorkerSet CRD and strict core kinds on its manifests, Slurm's sbatch option set on its
 * batch scripts; and the Slurm scripts, run with stand-ins for srun, start the plan's servers.
 */
class ServingMatrixTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final CrdSchema LWS = CrdSchema.load("leaderworkerset.x-k8s.io_leaderworkersets.yaml", "v1");
  /** KV-cache keys of the options file that tensorrt-llm.json does not list (KvCacheConfig fields). */
  private static final Set<String> NOT_IN_MANIFEST = Set.of("kv_cache_config.dtype",
      "kv_cache_config.enable_block_reuse");

  static List<String> plans() {
    return ServingMatrix.names();
  }

  @Test
  void theMatrixCoversEveryEngineFormAndPrecision() {
    assertThat(plans()).hasSizeGreaterThanOrEqualTo(10);
    Set<String> forms = new HashSet<>();
    for (String name : plans()) {
      ServingLaunch l = ServingMatrix.launch(name);
      forms.add(l.engine().name() + " " + (l.nodesPerReplica() > 1 ? "multi" : "single") + " "
          + l.deployment().weights());
      if (l.engine().dataParallel(l).isPresent()) {
        forms.add(l.engine().name() + " data-parallel");
      }
    }
    assertThat(forms).contains("vllm single BF16", "vllm single FP8", "vllm single INT4", "vllm multi BF16",
        "vllm multi FP8", "trtllm single BF16", "trtllm single FP8", "trtllm single INT4", "trtllm multi BF16",
        "trtllm multi FP8", "vllm data-parallel");
  }

  @ParameterizedTest
  @MethodSource("plans")
  void everyServerCommandConformsToTheManifests(String plan) throws IOException {
    ServingLaunch launch = ServingMatrix.launch(plan);
    Path bundle = ServingMatrix.bundle(plan);
    List<ServerCommand> commands = ServerCommand.in(bundle);
    assertThat(commands).extracting(ServerCommand::file).contains("serve/" + launch.engine().name() + "-serve.sh");
    List<String> problems = new ArrayList<>();
    for (ServerCommand c : commands) {
      problems.addAll(c.program().equals("vllm serve") ? ServingConformance.vllm(c, launch.deployment().gpusPerNode())
          : ServingConformance.trtllm(c, YAML.readTree(bundle.resolve("serve/trtllm-options.yaml").toFile())));
    }
    assertThat(problems).isEmpty();
    Set<String> unverified = new HashSet<>();
    JsonNode options = YAML.readTree(bundle.resolve("serve/trtllm-options.yaml").toFile());
    String scraped = launch.engine().name().equals("trtllm") ? launch.engine().metricsPath() : "/prometheus/metrics";
    assertThat(ServingConformance.trtllmOptions(options, scraped, unverified)).isEmpty();
    assertThat(NOT_IN_MANIFEST).containsAll(unverified);
  }

  @ParameterizedTest
  @MethodSource("plans")
  void scriptsPassShellcheck(String plan) throws IOException {
    Path bundle = ServingMatrix.bundle(plan);
    List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    try (Stream<Path> files = Files.walk(bundle)) {
      files.map(f -> bundle.relativize(f).toString()).filter(f -> f.endsWith(".sh") || f.endsWith(".sbatch"))
          .sorted().forEach(command::add);
    }
    assertThat(command).hasSizeGreaterThan(3);
    ExternalTool result = ExternalTool.run(bundle, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void monitoringPassesPromtool(String plan) {
    Path monitoring = ServingMatrix.bundle(plan).resolve("monitoring");
    for (List<String> check : List.of(List.of("check", "rules", "rules/serving-alerts.yml"),
        List.of("check", "config", "prometheus.yml"), List.of("test", "rules", "rules/serving-alerts.test.yml"))) {
      List<String> words = new ArrayList<>(List.of("promtool"));
      words.addAll(check);
      ExternalTool result = ExternalTool.run(monitoring, words.toArray(String[]::new));
      assertThat(result.exitCode()).as(String.join(" ", words) + ": " + result.output()).isZero();
    }
  }

  /**
   * The servers' scrape job and the pods' prometheus.io/path annotation read the path where the engine serves
   * Prometheus text: trtllm-serve mounts it at the path of tensorrt-llm.json fact trt_metrics_prometheus (its
   * /metrics is JSON, trt_metrics_json); vllm.json records no route, so vLLM's is /metrics as the reference has it
   * (shared/reference/launch-and-ops-formats.md 6a, "Endpoints: ... /metrics (Prometheus; same port)").
   */
  @ParameterizedTest
  @MethodSource("plans")
  void serversAreScrapedWhereTheyServePrometheusText(String plan) throws IOException {
    ServingLaunch launch = ServingMatrix.launch(plan);
    Path bundle = ServingMatrix.bundle(plan);
    String anchor = UpstreamManifest.TRTLLM.fact("trt_metrics_prometheus").path("anchor").asText();
    String served = launch.engine().name().equals("trtllm")
        ? anchor.substring(anchor.indexOf('"') + 1, anchor.indexOf('"', anchor.indexOf('"') + 1)) : "/metrics";
    assertThat(served).startsWith("/");
    JsonNode job = null;
    for (JsonNode scrape : YAML.readTree(bundle.resolve("monitoring/prometheus.yml").toFile()).path("scrape_configs")) {
      job = scrape.path("job_name").asText().equals(launch.engine().name()) ? scrape : job;
    }
    assertThat(job).as("the servers' scrape job").isNotNull();
    assertThat(job.path("metrics_path").asText("/metrics")).isEqualTo(served);
    try (Stream<Path> files = Files.list(bundle.resolve("kubernetes"))) {
      for (Path f : files.sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          if (line.contains("prometheus.io/path")) {
            assertThat(line.substring(line.indexOf(':') + 1).trim().replace("\"", "")).as(f.toString())
                .isEqualTo(served);
          }
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("plans")
  void manifestsPassTheirSchemas(String plan) throws IOException {
    Path k8s = ServingMatrix.bundle(plan).resolve("kubernetes");
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(k8s)) {
      for (Path f : files.sorted().toList()) {
        JsonNode manifest = YAML.readTree(f.toFile());
        switch (manifest.path("kind").asText()) {
          case "LeaderWorkerSet" -> {
            problems.addAll(LWS.validate(manifest));
            for (String role : List.of("leaderTemplate", "workerTemplate")) {
              PodSpec pod = YAML.treeToValue(manifest.at("/spec/leaderWorkerTemplate/" + role + "/spec"),
                  PodSpec.class);
              problems.addAll(StrictKubernetes.unknownFields(pod));
            }
          }
          case "Deployment" -> problems.addAll(StrictKubernetes.unknownFields(
              StrictKubernetes.parse(f, Deployment.class)));
          case "Service" -> problems.addAll(StrictKubernetes.unknownFields(StrictKubernetes.parse(f, Service.class)));
          case "HorizontalPodAutoscaler" -> problems.addAll(StrictKubernetes.unknownFields(
              StrictKubernetes.parse(f, HorizontalPodAutoscaler.class)));
          case "ConfigMap" -> problems.addAll(StrictKubernetes.unknownFields(
              StrictKubernetes.parse(f, ConfigMap.class)));
          default -> problems.add(f.getFileName() + ": no check for kind " + manifest.path("kind").asText());
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  /** slurm.json sbatch_options: each #SBATCH option of every batch script exists in Slurm 22.05 to 24.05. */
  @ParameterizedTest
  @MethodSource("plans")
  void batchScriptsUseSbatchOptionsOfEverySlurmRelease(String plan) throws IOException {
    Set<String> options = new HashSet<>();
    try (InputStream in = getClass().getResourceAsStream("/upstream/slurm.json")) {
      new ObjectMapper().readTree(in).path("sbatch_options").path("rows").forEach(r -> {
        if (r.path("in_all_tags").asText().equals("yes")) {
          options.add(r.path("name").asText());
        }
      });
    }
    Path bundle = ServingMatrix.bundle(plan);
    for (String script : batchScripts(bundle)) {
      for (String line : Files.readAllLines(bundle.resolve(script))) {
        if (line.startsWith("#SBATCH --")) {
          assertThat(options).as(script + ": " + line).contains(line.substring(10).split("=")[0]);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("plans")
  void batchScriptsStartThePlannedServers(String plan, @TempDir Path scratch) throws IOException {
    ServingLaunch launch = ServingMatrix.launch(plan);
    Path bundle = ServingMatrix.bundle(plan);
    for (String script : batchScripts(bundle)) {
      Path dir = Files.createDirectories(scratch.resolve(script.replace('/', '-')));
      List<ServerCommand> servers = new ArrayList<>();
      FakeSlurm.steps(bundle, script, dir).forEach(s -> servers.addAll(ServerCommand.inScript(script, s)));
      assertThat(servers).as(script).isNotEmpty();
      for (ServerCommand s : servers) {
        Map<String, String> f = ServingBundleTest.flags("exec " + s.program() + " " + String.join(" ", s.words()),
            s.program());
        String tp = f.containsKey("--tp_size") ? f.get("--tp_size") : f.get("--tensor-parallel-size");
        assertThat(Integer.parseInt(tp)).as(script).isEqualTo(launch.deployment().tp());
        if (s.program().equals("vllm serve")) {
          assertThat(ServingConformance.vllm(s, launch.deployment().gpusPerNode())).isEmpty();
        }
      }
      if (script.contains("data-parallel")) {
        assertThat(servers.stream().mapToInt(s -> Integer.parseInt(ServingBundleTest.flags("exec vllm serve "
            + String.join(" ", s.words()), "vllm serve").get("--data-parallel-size-local"))).sum())
            .as("engines over all nodes").isEqualTo(launch.replicas());
      }
    }
  }

  /**
   * The data-parallel LeaderWorkerSet's pod scripts, run by bash with each worker index (echo in place of exec),
   * start every planned engine once: the local counts add up to the replicas and the start ranks follow on.
   */
  @ParameterizedTest
  @MethodSource("plans")
  void dataParallelPodsStartEveryReplicaOnce(String plan) throws IOException, InterruptedException {
    ServingLaunch launch = ServingMatrix.launch(plan);
    Path file = ServingMatrix.bundle(plan).resolve("kubernetes/data-parallel-leaderworkerset.yaml");
    if (launch.engine().dataParallel(launch).isEmpty()) {
      assertThat(file).doesNotExist();
      return;
    }
    JsonNode template = YAML.readTree(file.toFile()).at("/spec/leaderWorkerTemplate");
    int size = template.path("size").asInt();
    int next = 0;
    for (int index = 0; index < size; index++) {
      String role = index == 0 ? "leaderTemplate" : "workerTemplate";
      String script = template.at("/" + role + "/spec/containers/0/command/2").asText();
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.replace("exec vllm", "echo vllm"));
      pb.environment().put("LWS_WORKER_INDEX", Integer.toString(index));
      pb.environment().put("LWS_LEADER_ADDRESS", "serve-0.serve.default");
      Process p = pb.redirectErrorStream(true).start();
      String line = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor()).as(line).isZero();
      Map<String, String> f = ServingBundleTest.flags("exec " + line, "vllm serve");
      assertThat(f.get("--data-parallel-size")).isEqualTo(Integer.toString(launch.replicas()));
      assertThat(f.get("--data-parallel-start-rank")).isEqualTo(index == 0 ? null : Integer.toString(next));
      next += Integer.parseInt(f.get("--data-parallel-size-local"));
      assertThat(ServingConformance.vllm(ServerCommand.inScript(file.toString(), line).get(0),
          launch.deployment().gpusPerNode())).isEmpty();
    }
    assertThat(next).isEqualTo(launch.replicas());
  }

  /**
   * Every pod script of a LeaderWorkerSet passes shellcheck, and an MPI group (mpirun on the leader) mounts its
   * SSH key Secret in every pod: run by bash with stand-ins for ssh and mpirun and the Secret's files, the leader
   * installs the key, reaches each worker pod once (LeaderWorkerSet names them LEADER-i.SUBDOMAIN) and starts
   * GPUs-per-replica ranks over the group's hosts; the worker trusts the key and starts sshd.
   */
  @ParameterizedTest
  @MethodSource("plans")
  void podScriptsPassShellcheckAndMpiGroupsCarryTheirKey(String plan, @TempDir Path scratch)
      throws IOException, InterruptedException {
    ServingLaunch launch = ServingMatrix.launch(plan);
    Map<String, String> scripts = new java.util.LinkedHashMap<>();
    JsonNode template = null;
    for (String name : List.of("data-parallel-leaderworkerset.yaml", "leaderworkerset.yaml")) {
      Path file = ServingMatrix.bundle(plan).resolve("kubernetes").resolve(name);
      if (!Files.exists(file)) {
        continue;
      }
      template = YAML.readTree(file.toFile()).at("/spec/leaderWorkerTemplate");
      for (String role : List.of("leaderTemplate", "workerTemplate")) {
        String script = template.at("/" + role + "/spec/containers/0/command/2").asText();
        scripts.put(role, script);
        Path f = scratch.resolve(role + ".sh");
        Files.writeString(f, "#!/bin/bash\n" + script + "\n");
        ExternalTool check = ExternalTool.run(scratch, "shellcheck", "--severity=style", f.getFileName().toString());
        assertThat(check.exitCode()).as(name + " " + role + "\n" + script + "\n" + check.output()).isZero();
      }
    }
    // The MPI group is the replicas' LeaderWorkerSet, the last read.
    if (template == null || !scripts.get("leaderTemplate").contains("mpirun")) {
      return;
    }
    for (String role : List.of("leaderTemplate", "workerTemplate")) {
      JsonNode pod = template.at("/" + role + "/spec");
      String secret = null;
      for (JsonNode v : pod.path("volumes")) {
        secret = v.has("secret") ? v.path("name").asText() : secret;
        if (v.has("secret")) {
          assertThat(v.at("/secret/secretName").asText()).isEqualTo(launch.name() + "-ssh");
        }
      }
      assertThat(secret).as(role + " mounts a Secret").isNotNull();
      boolean mounted = false;
      for (JsonNode m : pod.at("/containers/0/volumeMounts")) {
        mounted |= m.path("name").asText().equals(secret) && m.path("mountPath").asText().equals(ReplicaGroup.KEY_DIR);
      }
      assertThat(mounted).as(role + " mounts the key at " + ReplicaGroup.KEY_DIR).isTrue();
    }
    Path keys = Files.createDirectories(scratch.resolve("keys"));
    Files.writeString(keys.resolve("id_ed25519"), "private\n");
    Files.writeString(keys.resolve("authorized_keys"), "public\n");
    Path bin = Files.createDirectories(scratch.resolve("bin"));
    for (String tool : List.of("ssh", "mpirun", "ssh-keygen", "sshd")) {
      Path stub = bin.resolve(tool);
      Files.writeString(stub, "#!/bin/bash\necho \"" + tool + " $*\" >> \"$CALLS\"\n");
      stub.toFile().setExecutable(true);
    }
    int size = template.path("size").asInt();
    for (String role : List.of("leaderTemplate", "workerTemplate")) {
      Path home = Files.createDirectories(scratch.resolve("home-" + role));
      Path calls = scratch.resolve("calls-" + role);
      String script = scripts.get(role).replace(ReplicaGroup.KEY_DIR, keys.toString())
          .replace("/usr/sbin/sshd", "sshd").replace("mkdir -p /run/sshd", "true");
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
      pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      pb.environment().put("HOME", home.toString());
      pb.environment().put("CALLS", calls.toString());
      pb.environment().put("LWS_LEADER_ADDRESS", "serve-0.serve.default");
      pb.environment().put("LWS_GROUP_SIZE", Integer.toString(size));
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(role + ": " + out).isZero();
      List<String> called = Files.readAllLines(calls);
      if (role.equals("leaderTemplate")) {
        assertThat(Files.readString(home.resolve(".ssh/id_ed25519"))).isEqualTo("private\n");
        assertThat(Files.readString(home.resolve(".ssh/config"))).contains("StrictHostKeyChecking no");
        List<String> hosts = new ArrayList<>(List.of("serve-0.serve.default:" + launch.gpusPerPod()));
        for (int i = 1; i < size; i++) {
          assertThat(called).contains("ssh -o BatchMode=yes serve-0-" + i + ".serve.default true");
          hosts.add("serve-0-" + i + ".serve.default:" + launch.gpusPerPod());
        }
        assertThat(called.get(called.size() - 1)).startsWith("mpirun --allow-run-as-root -np "
            + launch.deployment().gpus() + " -H " + String.join(",", hosts) + " ").contains("trtllm-llmapi-launch");
      } else {
        assertThat(Files.readString(home.resolve(".ssh/authorized_keys"))).isEqualTo("public\n");
        assertThat(called).containsExactly("ssh-keygen -A", "sshd -D");
      }
    }
  }

  private static List<String> batchScripts(Path bundle) throws IOException {
    try (Stream<Path> files = Files.walk(bundle)) {
      return files.map(f -> bundle.relativize(f).toString()).filter(f -> f.endsWith(".sbatch")).sorted().toList();
    }
  }
}
