package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `llmplan compare`: the numbers of each plan are the ones `train` prints, and the differing files are named. */
class CompareCommandTest {
  @TempDir
  Path dir;

  @Test
  void twoTrainingPlansSideBySide() {
    String[] job = {"--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--framework", "deepspeed",
        "--recompute", "full", "--global-batch", "64"};
    CliRunner ra = CliRunner.run(concat(new String[] {"train"}, job, "--zero", "3", "--json"));
    CliRunner rb = CliRunner.run(concat(new String[] {"train"}, job, "--zero", "2", "--json"));
    // train --emit saves each plan as plan.json beside its launch files.
    assertThat(CliRunner.run(concat(new String[] {"train"}, job, "--zero", "3", "--emit",
        dir.resolve("ea").toString())).exitCode()).isZero();
    assertThat(CliRunner.run(concat(new String[] {"train"}, job, "--zero", "2", "--emit",
        dir.resolve("eb").toString())).exitCode()).isZero();
    CliRunner r = CliRunner.run("compare", dir.resolve("ea/plan.json").toString(),
        dir.resolve("eb/plan.json").toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    double memoryA = ra.json().get("memory").get("totalBytes").asDouble();
    double memoryB = rb.json().get("memory").get("totalBytes").asDouble();
    assertThat(r.json().get("a").get("memoryBytes").asDouble()).isEqualTo(memoryA);
    assertThat(r.json().get("b").get("memoryBytes").asDouble()).isEqualTo(memoryB);
    assertThat(memoryA).isLessThan(memoryB); // ZeRO-3 shards the weights too
    assertThat(r.json().get("files").toString()).contains("deepspeed").contains("DIFFERENT");
    CliRunner text = CliRunner.run("compare", dir.resolve("ea/plan.json").toString(),
        dir.resolve("eb/plan.json").toString());
    assertThat(text.out()).contains("memory per GPU").contains("step time").contains("Launch files that differ")
        .contains("plan.json");
  }

  @Test
  void aTrainingPlanAgainstAServingPlanIsRefused() {
    Path a = dir.resolve("t");
    Path s = dir.resolve("s.json");
    CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--framework", "deepspeed",
        "--zero", "3", "--emit", a.toString());
    CliRunner.run("serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "1", "--duration", "30s",
        "--input", "100", "--output", "10", "--save", s.toString());
    CliRunner r = CliRunner.run("compare", a.resolve("plan.json").toString(), s.toString());
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("compare two training plans or two serving plans");
  }

  private static String[] concat(String[] head, String[] middle, String... tail) {
    String[] all = new String[head.length + middle.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(middle, 0, all, head.length, middle.length);
    System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
    return all;
  }
}
