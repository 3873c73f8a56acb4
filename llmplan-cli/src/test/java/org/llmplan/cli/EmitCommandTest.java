package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.plan.PlanFile;

class EmitCommandTest {
  private static final String PLAN = "{\"format\":\"llmplan-plan/1\",\"training\":{\"model\":\"llama-3.1-8b\","
      + "\"gpu\":\"h100\",\"gpus\":16,\"tp\":8,\"sharding\":\"dist-opt\",\"sequenceParallel\":true}}";

  private static final String SERVING = "{\"format\":\"llmplan-plan/1\",\"serving\":{\"deployment\":{"
      + "\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"tp\":4,\"precision\":\"fp8\",\"kvPrecision\":\"fp8\","
      + "\"maxModelLen\":16384,\"input\":2000,\"output\":200},\"replicas\":3,\"ratePerSecond\":6.0,"
      + "\"ttftP99Seconds\":1.0,\"tpotP99Seconds\":0.06}}";

  @Test
  void emitsTheBundleOfASavedPlan(@TempDir Path dir) throws IOException {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN);
    CliRunner r = CliRunner.run("emit", "--plan", plan.toString(), "--out", dir.resolve("b").toString(),
        "--targets", "slurm,readme", "--name", "llama8b");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote 4 files", "megatron/megatron-args.sh", "slurm/train.sbatch", "README.md");
    assertThat(Files.readString(dir.resolve("b/slurm/train.sbatch"))).contains("#SBATCH --job-name=llama8b",
        "#SBATCH --nodes=2");
    // The bundle carries its plan, which reads back as the same request.
    assertThat(PlanFile.read(dir.resolve("b/plan.json")).training())
        .isEqualTo(PlanFile.parse(PLAN, "x").training());
  }

  @Test
  void aBadPlanGetsOneLineAndNoBundle(@TempDir Path dir) throws IOException {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN.replace("\"tp\":8", "\"tp\":3"));
    CliRunner r = CliRunner.run("emit", "--plan", plan.toString(), "--out", dir.resolve("b").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("error: ").hasLineCount(1);
    assertThat(entries(dir)).containsExactly("plan.json");

    Path old = Files.writeString(dir.resolve("old.json"), PLAN.replace("llmplan-plan/1", "llmplan-plan/0"));
    r = CliRunner.run("emit", "--plan", old.toString(), "--out", dir.resolve("b").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("llmplan-plan/0").hasLineCount(1);

    r = CliRunner.run("emit", "--plan", plan.toString(), "--out", dir.resolve("b").toString(), "--targets",
        "kserve");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown target 'kserve'");
    assertThat(entries(dir)).containsExactly("old.json", "plan.json");
  }

  @Test
  void emitsTheServingBundleOfASavedServingPlan(@TempDir Path dir) throws IOException {
    Path plan = Files.writeString(dir.resolve("plan.json"), SERVING);
    CliRunner r = CliRunner.run("emit", "--plan", plan.toString(), "--out", dir.resolve("b").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("serve/vllm-serve.sh", "serve/trtllm-serve.sh", "kubernetes/deployment.yaml",
        "kubernetes/hpa.yaml", "monitoring/rules/serving-alerts.yml", "README.md");
    assertThat(Files.readString(dir.resolve("b/serve/vllm-serve.sh"))).contains("--tensor-parallel-size 4",
        "--kv-cache-dtype fp8", "--max-model-len 16384");
    assertThat(Files.readString(dir.resolve("b/kubernetes/hpa.yaml"))).contains("minReplicas: 3");
  }

  @Test
  void trainingTargetsOnAServingPlanGetOneLineAndNoBundle(@TempDir Path dir) throws IOException {
    Path plan = Files.writeString(dir.resolve("plan.json"), SERVING);
    CliRunner r = CliRunner.run("emit", "--plan", plan.toString(), "--out", dir.resolve("b").toString(),
        "--targets", "vllm,slurm");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).hasLineCount(1).contains("target slurm does not apply to a serving plan: choose from vllm, "
        + "triton, trtllm, kubernetes, prometheus, grafana, readme");
    Path bad = Files.writeString(dir.resolve("bad.json"), SERVING.replace("\"tp\":4", "\"tp\":3"));
    r = CliRunner.run("emit", "--plan", bad.toString(), "--out", dir.resolve("b").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).hasLineCount(1).contains("TP 3");
    assertThat(entries(dir)).containsExactly("bad.json", "plan.json");
  }

  @Test
  void aNonEmptyFolderNeedsForce(@TempDir Path dir) throws IOException {
    Path plan = Files.writeString(dir.resolve("plan.json"), PLAN);
    Path out = Files.createDirectories(dir.resolve("b"));
    Files.writeString(out.resolve("keep.txt"), "mine");
    CliRunner r = CliRunner.run("emit", "--plan", plan.toString(), "--out", out.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--force");
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("mine");
    r = CliRunner.run("emit", "--plan", plan.toString(), "--out", out.toString(), "--force");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(Files.exists(out.resolve("keep.txt"))).isFalse();
    assertThat(Files.exists(out.resolve("megatron/megatron-args.sh"))).isTrue();
  }

  @Test
  void trainEmitsTheBundleOfThePlanItDescribes(@TempDir Path dir) throws IOException {
    CliRunner r = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "16", "--tp", "8",
        "--distributed-optimizer", "--sequence-parallel", "--emit", dir.resolve("b").toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Throughput:", "Wrote 17 files");
    assertThat(PlanFile.read(dir.resolve("b/plan.json")).training())
        .isEqualTo(PlanFile.parse(PLAN, "x").training());
  }

  private static java.util.List<String> entries(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
