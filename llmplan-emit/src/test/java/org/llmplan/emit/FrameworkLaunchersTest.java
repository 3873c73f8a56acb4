package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;
import org.llmplan.profile.TensorFusion;

/**
 * Horovod and TensorFlow bundles: their own launchers instead of torchrun's, scripts that pass shellcheck and, run
 * with stand-ins for horovodrun, python3 and srun, start one process per GPU with the plan's tensor fusion
 * (Horovod) or one worker per node with a TF_CONFIG naming every worker (TensorFlow); the JobSet passes its CRD
 * schema and the MPIJob's pods parse strictly (no MPIJob CRD is in the project's schemas, so its top level is
 * checked against the fields of mpi-operator's v2beta1 examples only).
 */
class FrameworkLaunchersTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final CrdSchema JOBSET = CrdSchema.load("jobset.x-k8s.io_jobsets.yaml", "v1alpha2");
  static final PlanFile HOROVOD = TestPlans.parse("\"model\":\"llama-3.2-1b\",\"framework\":\"horovod\","
      + "\"gpu\":\"h100\",\"gpus\":16,\"seq\":2048,\"globalBatch\":32");
  static final PlanFile TENSORFLOW = TestPlans.parse("\"model\":\"llama-3.2-1b\",\"framework\":\"tensorflow\","
      + "\"gpu\":\"h100\",\"gpus\":16,\"seq\":2048,\"globalBatch\":32");

  private static Path bundle(PlanFile plan, Path dir) {
    Path out = dir.resolve("bundle");
    BundleWriter.write(out, LaunchBundle.generate(plan, TestPlans.CATALOG, LaunchSettings.DEFAULTS, null), false);
    return out;
  }

  @Test
  void bundlesHoldTheirOwnLaunchersAndNoTorchrunOnes(@TempDir Path dir) throws IOException {
    for (PlanFile plan : List.of(HOROVOD, TENSORFLOW)) {
      List<String> paths = LaunchBundle.generate(plan, TestPlans.CATALOG, LaunchSettings.DEFAULTS, null).stream()
          .map(BundleFile::path).toList();
      assertThat(paths).doesNotContain("torchrun/torchrun.sh", "slurm/train.sbatch", "kubernetes/pytorchjob.yaml",
          "kubernetes/jobset.yaml").contains("container/Dockerfile", "monitoring/prometheus.yml", "README.md");
    }
    assertThat(LaunchBundle.generate(HOROVOD, TestPlans.CATALOG, LaunchSettings.DEFAULTS, null))
        .extracting(BundleFile::path).contains("horovod/horovodrun.sh", "horovod/train.sbatch",
            "kubernetes/mpijob.yaml");
    assertThatThrownBy(() -> LaunchBundle.generate(HOROVOD, TestPlans.CATALOG, LaunchSettings.DEFAULTS,
        List.of("slurm"))).isInstanceOf(InvalidValueException.class)
        .hasMessage("horovod does not run under torchrun, so slurm cannot start it: its launchers are in the "
            + "horovod target");
  }

  @Test
  void scriptsPassShellcheck(@TempDir Path dir) throws IOException {
    for (PlanFile plan : List.of(HOROVOD, TENSORFLOW)) {
      Path bundle = bundle(plan, Files.createTempDirectory(dir, "b"));
      List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
      try (Stream<Path> files = Files.walk(bundle)) {
        files.map(f -> bundle.relativize(f).toString()).filter(f -> f.endsWith(".sh") || f.endsWith(".sbatch"))
            .sorted().forEach(command::add);
      }
      assertThat(command).hasSize(5);
      ExternalTool result = ExternalTool.run(bundle, command.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.output()).isZero();
    }
  }

  @Test
  void horovodrunStartsEveryGpuWithThePlansTensorFusion(@TempDir Path dir) throws Exception {
    Path bundle = bundle(HOROVOD, dir);
    TensorFusion fusion = TestPlans.CATALOG.framework("horovod").tensorFusion();
    Path bin = stub(dir, "horovodrun", "echo \"$* fusion=$HOROVOD_FUSION_THRESHOLD cycle=$HOROVOD_CYCLE_TIME\"");
    String out = run(bundle, bin, Map.of("HOSTS", "node-1,node-2"), "horovod/horovodrun.sh");
    assertThat(out).isEqualTo("-np 16 -H node-1:8,node-2:8 python3 " + bundle + "/train.py fusion=" + (long) fusion.bufferBytes() + " cycle=" + (int) (fusion.cycleSeconds() * 1000));
    assertThat(out).contains("fusion=134217728 cycle=1");
    assertThat(run(bundle, bin, Map.of("HOSTS", "node-1"), "horovod/horovodrun.sh"))
        .contains("HOSTS names 1 nodes; the plan runs on 2");
    List<String> steps = FakeSlurm.steps(bundle, "horovod/train.sbatch", Files.createDirectories(dir.resolve("s")));
    assertThat(steps).singleElement().asString().startsWith("--mpi=pmix").endsWith("python3 " + bundle
        + "/train.py");
    assertThat(Files.readString(bundle.resolve("horovod/train.sbatch"))).contains("#SBATCH --nodes=2\n",
        "#SBATCH --ntasks-per-node=8\n", "export HOROVOD_FUSION_THRESHOLD=134217728\n");
  }

  @Test
  void theMpiJobRunsEveryGpuOverItsWorkers() throws IOException {
    JsonNode job = YAML.readTree(LaunchBundle.generate(HOROVOD, TestPlans.CATALOG, LaunchSettings.DEFAULTS,
        List.of("horovod")).stream().filter(f -> f.path().equals("kubernetes/mpijob.yaml")).findFirst()
        .orElseThrow().content());
    List<String> top = new ArrayList<>();
    job.path("spec").fieldNames().forEachRemaining(top::add);
    assertThat(top).containsExactly("slotsPerWorker", "runPolicy", "mpiImplementation", "mpiReplicaSpecs");
    assertThat(job.at("/spec/slotsPerWorker").asInt()).isEqualTo(8);
    assertThat(job.at("/spec/mpiReplicaSpecs/Worker/replicas").asInt()).isEqualTo(2);
    JsonNode launcher = job.at("/spec/mpiReplicaSpecs/Launcher/template/spec");
    List<String> args = new ArrayList<>();
    launcher.at("/containers/0/args").forEach(a -> args.add(a.asText()));
    assertThat(args.subList(0, 2)).containsExactly("-np", "16");
    assertThat(args).contains("HOROVOD_FUSION_THRESHOLD", "NCCL_IB_HCA").endsWith("python3", "$(TRAIN_SCRIPT)");
    for (JsonNode pod : List.of(launcher, job.at("/spec/mpiReplicaSpecs/Worker/template/spec"))) {
      assertThat(StrictKubernetes.unknownFields(YAML.treeToValue(pod, PodSpec.class))).isEmpty();
    }
    assertThat(job.at("/spec/mpiReplicaSpecs/Worker/template/spec/containers/0/resources/limits/nvidia.com~1gpu")
        .asText()).isEqualTo("8");
  }

  @Test
  void everyTensorflowWorkerGetsTheWholeClusterAndItsIndex(@TempDir Path dir) throws Exception {
    Path bundle = bundle(TENSORFLOW, dir);
    Path bin = stub(dir, "python3", "echo \"$TF_CONFIG\"");
    for (int index = 0; index < 2; index++) {
      String out = run(bundle, bin, Map.of("WORKER_HOSTS", "node-1,node-2", "WORKER_INDEX",
          Integer.toString(index)), "tensorflow/worker.sh");
      JsonNode config = new ObjectMapper().readTree(out);
      assertThat(config.at("/cluster/worker").toString()).isEqualTo("[\"node-1:12345\",\"node-2:12345\"]");
      assertThat(config.at("/task/type").asText()).isEqualTo("worker");
      assertThat(config.at("/task/index").asInt()).isEqualTo(index);
    }
    List<String> steps = FakeSlurm.steps(bundle, "tensorflow/train.sbatch", Files.createDirectories(
        dir.resolve("s")));
    assertThat(steps).singleElement().asString().endsWith(bundle + "/tensorflow/worker.sh");
    assertThat(Files.readString(bundle.resolve("tensorflow/train.sbatch"))).contains("#SBATCH --ntasks-per-node=1\n");
  }

  @Test
  void theTensorflowJobSetPassesItsSchemaAndNamesItsOwnPods(@TempDir Path dir) throws IOException {
    JsonNode jobSet = YAML.readTree(bundle(TENSORFLOW, dir).resolve("kubernetes/tensorflow-jobset.yaml").toFile());
    assertThat(JOBSET.validate(jobSet)).isEmpty();
    String name = jobSet.at("/metadata/name").asText();
    JsonNode job = jobSet.at("/spec/replicatedJobs/0/template/spec");
    assertThat(job.path("parallelism").asInt()).isEqualTo(2);
    JsonNode env = job.at("/template/spec/containers/0/env");
    assertThat(env.get(1).path("value").asText()).isEqualTo(name + "-workers-0-0." + name + "," + name
        + "-workers-0-1." + name);
    assertThat(StrictKubernetes.unknownFields(YAML.treeToValue(job.at("/template/spec"), PodSpec.class))).isEmpty();
  }

  private static Path stub(Path dir, String name, String body) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path f = bin.resolve(name);
    Files.writeString(f, "#!/bin/bash\n" + body + "\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private static String run(Path bundle, Path bin, Map<String, String> env, String script) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("bash", script).directory(bundle.toFile()).redirectErrorStream(true);
    pb.environment().put("PATH", bin + ":" + pb.environment().get("PATH"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    p.waitFor();
    return out;
  }
}
