package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.llmplan.emit.bundle.LaunchBundle;
import org.llmplan.error.InvalidLayoutException;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;

class LaunchBundleTest {
  private static List<String> paths(String plan, List<String> targets) {
    return LaunchBundle.generate(TestPlans.plan(plan), TestPlans.CATALOG, LaunchSettings.DEFAULTS, targets)
        .stream().map(BundleFile::path).toList();
  }

  @Test
  void defaultTargetsFollowTheFramework() {
    assertThat(paths("dense-megatron", null)).contains("plan.json", "megatron/megatron-args.sh", "README.md")
        .doesNotContain("deepspeed/ds_config.json", "torchtitan/torchtitan-args.sh");
    assertThat(paths("zero3-offload", null)).contains("deepspeed/ds_config.json")
        .doesNotContain("megatron/megatron-args.sh");
    assertThat(paths("torchtitan-hybrid", null)).contains("torchtitan/torchtitan-args.sh")
        .doesNotContain("torchtitan/train.toml");
    assertThat(paths("fsdp-full", null)).doesNotContain("megatron/megatron-args.sh", "deepspeed/ds_config.json",
        "torchtitan/torchtitan-args.sh");
    assertThat(paths("hf-one-node", null)).doesNotContain("megatron/megatron-args.sh", "deepspeed/ds_config.json",
        "torchtitan/torchtitan-args.sh");
  }

  @Test
  void aLauncherBringsTheConfigItReads() {
    assertThat(paths("zero3-offload", List.of("slurm"))).containsExactly("plan.json", "deepspeed/ds_config.json",
        "slurm/train.sbatch");
    assertThat(paths("dense-megatron", List.of("grafana"))).containsExactly("plan.json",
        "monitoring/grafana-dashboard.json");
  }

  @Test
  void unknownTargetsAreNamedWithTheChoices() {
    assertThatThrownBy(() -> paths("dense-megatron", List.of("slurm", "kserve")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("unknown target 'kserve': choose from megatron, deepspeed, torchtitan, horovod, tensorflow, "
            + "torchrun, slurm, "
            + "kubernetes, container, prometheus, grafana, readme, vllm, triton, trtllm");
  }

  @Test
  void servingTargetsOnATrainingPlanNameTheTrainingTargets() {
    assertThatThrownBy(() -> paths("dense-megatron", List.of("slurm", "vllm")))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("target vllm does not apply to a training plan: choose from megatron, deepspeed, torchtitan, "
            + "horovod, tensorflow, torchrun, slurm, kubernetes, container, prometheus, grafana, readme");
  }

  @Test
  void badPlansAreRefusedWithOneLine() {
    assertThatThrownBy(() -> LaunchPlan.of(TestPlans.parse("\"model\":\"llama-3.1-8b\",\"gpu\":\"mi300x\","
        + "\"gpus\":8"), TestPlans.CATALOG, LaunchSettings.DEFAULTS)).hasMessageContaining("NVIDIA GPUs");
    assertThatThrownBy(() -> LaunchPlan.of(TestPlans.parse("\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\","
        + "\"gpus\":12"), TestPlans.CATALOG, LaunchSettings.DEFAULTS))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("whole nodes of 8");
    assertThatThrownBy(() -> LaunchPlan.of(TestPlans.parse("\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\","
        + "\"gpus\":8"), TestPlans.CATALOG, LaunchSettings.DEFAULTS))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("run out of memory");
    assertThatThrownBy(() -> LaunchPlan.of(TestPlans.parse("\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\","
        + "\"gpus\":64,\"tp\":3"), TestPlans.CATALOG, LaunchSettings.DEFAULTS))
        .isInstanceOf(InvalidLayoutException.class).hasMessageContaining("TP x PP x CP = 3");
    assertThatThrownBy(() -> LaunchPlan.of(TestPlans.parse("\"gpu\":\"h100\""), TestPlans.CATALOG,
        LaunchSettings.DEFAULTS)).isInstanceOf(InvalidValueException.class).hasMessageContaining("which model");
    assertThatThrownBy(() -> org.llmplan.plan.PlanFile.parse("{\"format\":\"llmplan-plan/0\",\"training\":{}}", "old"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("llmplan-plan/1");
    assertThatThrownBy(() -> new LaunchSettings("Bad_Name", null, null)).hasMessageContaining("DNS-1123");
  }

  /** torchrun, Slurm, the PyTorchJob and the JobSet start the same program with the same arguments. */
  @ParameterizedTest
  @MethodSource("org.llmplan.emit.TestPlans#names")
  void everyLauncherRunsTheSameCommand(String plan) {
    List<BundleFile> files = LaunchBundle.generate(TestPlans.plan(plan), TestPlans.CATALOG, LaunchSettings.DEFAULTS,
        null);
    String torchrun = content(files, "torchrun/torchrun.sh");
    String slurm = content(files, "slurm/train.sbatch");
    String entry = program(torchrun);
    assertThat(entry).isNotEmpty();
    assertThat(program(slurm)).isEqualTo(entry);
    String kubernetes = content(files, "kubernetes/jobset.yaml").replaceAll("\\$\\(([A-Z_]+)\\)", "\\${$1}");
    List<String> yamlWords = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^ {20}- (.*)$").matcher(kubernetes.substring(kubernetes.indexOf("args:"),
        kubernetes.indexOf("env:")));
    while (m.find()) {
      yamlWords.add(m.group(1).replace("\"", ""));
    }
    String flat = unquoted(String.join(" ", yamlWords));
    assertThat(flat).endsWith(unquoted(entry));
    if (files.stream().anyMatch(f -> f.path().equals("megatron/megatron-args.sh"))) {
      String args = content(files, "megatron/megatron-args.sh");
      String array = args.substring(args.indexOf("MEGATRON_ARGS=(") + 15, args.lastIndexOf(')')).trim()
          .replaceAll("\\s+", " ");
      assertThat(entry).endsWith(array);
      assertThat(flat).endsWith(unquoted(array));
    }
  }

  /** The launcher's program and its arguments: everything after torchrun's own flags, as one line. */
  private static String program(String script) {
    String command = script.substring(script.indexOf("torchrun \\")).replaceAll("\\\\\\n", " ")
        .replaceAll("\\s+", " ").replaceFirst(" & wait .*", "").trim();
    Matcher m = Pattern.compile("--rdzv-id \"\\$\\{JOB_ID}\"(?: --signals-to-handle \\S+)? (.*)$").matcher(command);
    return m.find() ? m.group(1).trim() : "";
  }

  private static String unquoted(String words) {
    return words.replace("\"", "").replace("'", "");
  }

  private static String content(List<BundleFile> files, String path) {
    return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow().content();
  }

  @Test
  void theDockerfileIsPinned() {
    for (String plan : TestPlans.names()) {
      List<BundleFile> files = LaunchBundle.generate(TestPlans.plan(plan), TestPlans.CATALOG, LaunchSettings.DEFAULTS,
          List.of("container"));
      String dockerfile = content(files, "container/Dockerfile");
      assertThat(dockerfile).contains("ARG BASE_IMAGE=nvcr.io/nvidia/pytorch:26.06-py3\nFROM ${BASE_IMAGE}")
          .doesNotContain(":latest").contains("rm -rf /var/lib/apt/lists/*").contains("COPY . /workspace/bundle");
      Matcher refs = Pattern.compile("ARG [A-Z_]+_REF=(\\S+)").matcher(dockerfile);
      while (refs.find()) {
        assertThat(refs.group(1)).matches("[0-9a-f]{40}"); // a whole commit id, not a branch or a short prefix
      }
    }
  }
}
