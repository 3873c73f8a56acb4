package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.emit.framework.MegatronRules;
import org.llmplan.emit.upstream.DeepSpeedManifest;
import org.llmplan.emit.upstream.MegatronManifest;
import org.llmplan.emit.upstream.SlurmManifest;
import org.llmplan.emit.upstream.TorchtitanManifest;
import org.llmplan.parallel.Parallelism;

/**
 * Every bundle of {@link TrainingMatrix} passes every check at once: the framework's flags, keys or fields against
 * the upstream manifests and the framework's own rules evaluated on the plan, the Slurm options of every release
 * in every batch script, shellcheck, promtool (rules, rule tests, config) and the Kubernetes CRD schemas of every
 * manifest (strict pods for the MPIJob); and its files train the plan's steps and save at the plan's interval.
 */
class BundleMatrixTest {
  private static final CrdSchema PYTORCHJOB = CrdSchema.load("kubeflow.org_pytorchjobs.yaml", "v1");
  private static final CrdSchema JOBSET = CrdSchema.load("jobset.x-k8s.io_jobsets.yaml", "v1alpha2");
  private static final YAMLMapper YAML = new YAMLMapper();

  static List<String> plans() {
    return TrainingMatrix.names();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void everyCheckPasses(String name) throws IOException {
    TrainingMatrix m = TrainingMatrix.PLANS.get(name);
    LaunchPlan launch = m.launch();
    Path bundle = Path.of("target", "matrix-bundles", name).toAbsolutePath();
    BundleWriter.write(bundle, LaunchBundle.generate(m.plan(), TestPlans.CATALOG, m.settings(), null), true);
    List<String> problems = new ArrayList<>(frameworkProblems(launch, bundle));
    List<Path> sbatch = files(bundle, ".sbatch");
    assertThat(sbatch).as("a Slurm script").isNotEmpty();
    for (Path script : sbatch) {
      problems.addAll(SlurmManifest.directiveProblems(Files.readString(script)));
    }
    List<Path> manifests = files(bundle.resolve("kubernetes"), ".yaml");
    assertThat(manifests).as("Kubernetes manifests").isNotEmpty();
    for (Path manifest : manifests) {
      problems.addAll(kubernetesProblems(YAML.readTree(manifest.toFile())));
    }
    assertThat(problems).as(name).isEmpty();
    // The framework comes at a pinned commit, or as a pinned release (Horovod, TensorFlow: ==VERSION), or is the
    // user's code.
    String dockerfile = TestPlans.read(bundle.resolve("container/Dockerfile"));
    if (launch.pin() != null) {
      assertThat(dockerfile).contains("=" + launch.pin() + "\n");
    } else if (!dockerfile.contains("add your training code")) {
      assertThat(dockerfile).containsPattern("pip install [^\\n]*(horovod|tensorflow\\[and-cuda\\])==\\d");
    }
    tools(bundle);
  }

  /** The manifests' checks for whichever configuration the framework wrote, and the plan's schedule in it. */
  private static List<String> frameworkProblems(LaunchPlan launch, Path bundle) throws IOException {
    List<String> p = new ArrayList<>();
    List<String> args = launch.program().args();
    Parallelism par = launch.job().parallelism();
    if (Files.exists(bundle.resolve("megatron/megatron-args.sh"))) {
      p.addAll(MegatronManifest.problems(args));
      p.addAll(new MegatronRules(args).problems(launch.job().gpus()));
      p.addAll(MegatronManifest.launchProblems(args, launch.program().environment()));
      assertThat(String.join(" ", args)).contains("--train-iters " + launch.schedule().steps(),
          "--save-interval " + launch.schedule().saveInterval());
    }
    if (Files.exists(bundle.resolve("deepspeed/ds_config.json"))) {
      JsonNode c = new ObjectMapper().readTree(bundle.resolve("deepspeed/ds_config.json").toFile());
      p.addAll(DeepSpeedManifest.keyProblems(c));
      p.addAll(DeepSpeedManifest.ruleProblems(c, launch.job().gpus(), par.tp(), par.pp(), par.cp(), par.vpp(),
          launch.job().model().isMoe()));
      assertThat(c.path("scheduler").path("params").path("total_num_steps").asLong(launch.schedule().steps()))
          .isEqualTo(launch.schedule().steps());
    }
    Path toml = bundle.resolve("torchtitan/train.toml");
    if (Files.exists(toml)) {
      JsonNode c = new TomlMapper().readTree(toml.toFile());
      p.addAll(TorchtitanManifest.tomlProblems(c));
      p.addAll(TorchtitanManifest.argumentProblems(args, true));
      p.addAll(TorchtitanRules.legacy(c, launch));
    }
    if (Files.exists(bundle.resolve("torchtitan/torchtitan-args.sh"))) {
      p.addAll(TorchtitanManifest.argumentProblems(args, false));
      p.addAll(TorchtitanRules.current(args, launch));
    }
    return p;
  }

  /**
   * A PyTorchJob or JobSet against its CRD schema; an MPIJob (no CRD schema in the project's copies) by its pods,
   * parsed strictly.
   */
  private static List<String> kubernetesProblems(JsonNode manifest) throws IOException {
    List<String> p = new ArrayList<>();
    switch (manifest.path("kind").asText()) {
      case "PyTorchJob" -> p.addAll(PYTORCHJOB.validate(manifest));
      case "JobSet" -> p.addAll(JOBSET.validate(manifest));
      case "MPIJob" -> {
        for (JsonNode spec : manifest.at("/spec/mpiReplicaSpecs")) {
          p.addAll(StrictKubernetes.unknownFields(YAML.treeToValue(spec.at("/template/spec"),
              io.fabric8.kubernetes.api.model.PodSpec.class)));
        }
      }
      default -> p.add("no check for kind " + manifest.path("kind").asText());
    }
    return p;
  }

  private static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static void tools(Path bundle) throws IOException {
    List<String> scripts = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    try (Stream<Path> files = Files.walk(bundle)) {
      files.filter(f -> f.toString().endsWith(".sh") || f.toString().endsWith(".sbatch"))
          .forEach(f -> scripts.add(bundle.relativize(f).toString()));
    }
    ExternalTool shellcheck = ExternalTool.run(bundle, scripts.toArray(String[]::new));
    assertThat(shellcheck.exitCode()).as(shellcheck.output()).isZero();
    Path monitoring = bundle.resolve("monitoring");
    for (String[] command : List.of(new String[] {"promtool", "check", "rules", "rules/training-alerts.yml"},
        new String[] {"promtool", "check", "config", "prometheus.yml"},
        new String[] {"promtool", "test", "rules", "rules/training-alerts.test.yml"})) {
      ExternalTool run = ExternalTool.run(monitoring, command);
      assertThat(run.exitCode()).as(String.join(" ", command) + "\n" + run.output()).isZero();
    }
  }
}
