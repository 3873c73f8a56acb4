package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Accelerator;

/**
 * The probe as users run it: `llmplan probe` writes the script, Debian's python3 with python3-torch runs it in
 * --cpu mode over two gloo ranks, and `llmplan calibrate` reads its JSON back into an overlay that plans load.
 */
class CalibrateCommandTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");

  @TempDir
  static Path dir;

  private static JsonNode probe;
  private static Path probeJson;

  @BeforeAll
  static void runTheProbeOnTheCpu() throws Exception {
    assumeTrue(torchInstalled(), "needs /usr/bin/python3 with PyTorch (Debian's python3-torch, which .ci/run "
        + "installs)");
    Path script = dir.resolve("probe.py");
    CliRunner written = CliRunner.run("probe", "--out", script.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).contains("torchrun --nproc-per-node 8 " + script);
    probeJson = dir.resolve("probe.json");
    Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), "--cpu", "--ranks", "2", "--seconds", "0.5",
        "--out", probeJson.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    probe = new ObjectMapper().readTree(probeJson.toFile());
  }

  private static boolean torchInstalled() throws IOException, InterruptedException {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import torch").redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
  }

  @Test
  void theCpuProbeMeasuresEveryKindAndCountsBusBandwidthAsNcclTestsDoes() {
    assertThat(probe.path("format").asText()).isEqualTo("llmplan-probe/1");
    assertThat(probe.path("machine").path("worldSize").asInt()).isEqualTo(2);
    assertThat(probe.path("gemm").findValuesAsText("dtype")).contains("bf16");
    for (JsonNode g : probe.path("gemm")) {
      double flops = 2.0 * g.path("m").asLong() * g.path("n").asLong() * g.path("k").asLong();
      assertThat(g.path("tflops").asDouble()).isCloseTo(flops / g.path("seconds").asDouble() / 1e12, within(1e-9));
    }
    assertThat(probe.path("attention").size()).isPositive();
    assertThat(probe.path("memory").path("deviceCopyGBps").asDouble()).isPositive();
    assertThat(probe.path("sustained").path("lastTflops").asDouble()).isPositive();
    assertThat(probe.path("collectives").findValuesAsText("op")).contains("all_reduce", "all_gather", "all_to_all");
    for (JsonNode c : probe.path("collectives")) {
      double n = c.path("ranks").asDouble();
      double factor = c.path("op").asText().equals("all_reduce") ? 2 * (n - 1) / n : (n - 1) / n;
      assertThat(c.path("algGBps").asDouble()).isCloseTo(c.path("bytes").asDouble() / c.path("seconds").asDouble()
          / 1e9, within(1e-9));
      assertThat(c.path("busGBps").asDouble()).isCloseTo(c.path("algGBps").asDouble() * factor, within(1e-12));
    }
    assertThat(probe.path("skipped").toString()).as("gloo has no reduce-scatter; the probe says so")
        .contains("reduce_scatter");
  }

  @Test
  void calibrateReadsTheProbeBackIntoAnOverlayThatPlansUse() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("overlay"));
    Path overlay = folder.resolve("cpu.yaml");
    CliRunner r = CliRunner.run("calibrate", "--from", probeJson.toString(), "--gpu", "h100", "--name", "cpu-probe",
        "--out", overlay.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Calibrated h100-sxm as cpu-probe", "efficiency.gemm", "bf16 GEMM",
        "the probe ran on the CPU", "training step, llama-3.1-8b", "Wrote " + overlay);
    Accelerator calibrated = Catalog.load(List.of(folder)).gpu("cpu-probe");
    double bestBf16 = 0;
    for (JsonNode g : probe.path("gemm")) {
      bestBf16 = g.path("dtype").asText().equals("bf16") ? Math.max(bestBf16, g.path("tflops").asDouble()) : bestBf16;
    }
    assertThat(calibrated.efficiency().gemm()).isCloseTo(bestBf16 / 989, within(bestBf16 / 989 * 1e-3));
    assertThat(calibrated.efficiency().memory()).isCloseTo(probe.path("memory").path("deviceCopyGBps").asDouble()
        / 3350, within(1e-3 * calibrated.efficiency().memory()));
    CliRunner plan = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "cpu-probe", "--gpus", "8",
        "--distributed-optimizer", "--recompute", "full", "--catalog", folder.toString(), "--json");
    CliRunner onH100 = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8",
        "--distributed-optimizer", "--recompute", "full", "--json");
    assertThat(plan.exitCode()).as(plan.err()).isZero();
    assertThat(plan.json().path("stepSeconds").asDouble())
        .as("a CPU's ceilings make the step far slower").isGreaterThan(100 * onH100.json()
            .path("stepSeconds").asDouble());
  }

  @Test
  void calibrateAsJsonListsEachValueWithItsSourceAndTheReferencePlans() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("overlay-json"));
    Path overlay = folder.resolve("cpu.yaml");
    CliRunner r = CliRunner.run("calibrate", "--from", probeJson.toString(), "--gpu", "h100", "--name", "cpu-json",
        "--out", overlay.toString(), "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.path("baseGpu").asText()).isEqualTo("h100-sxm");
    assertThat(j.path("gpu").asText()).isEqualTo("cpu-json");
    assertThat(j.path("overlay").asText()).isEqualTo(overlay.toString());
    assertThat(overlay).exists();
    JsonNode gemm = StreamSupport.stream(j.path("values").spliterator(), false)
        .filter(v -> v.path("field").asText().equals("efficiency.gemm")).findFirst().orElseThrow();
    assertThat(gemm.path("fromProbe").asBoolean()).isTrue();
    assertThat(gemm.path("calibrated").asDouble())
        .isEqualTo(Catalog.load(List.of(folder)).gpu("cpu-json").efficiency().gemm());
    for (JsonNode v : j.path("values")) {
      assertThat(v.has("measurement") || v.has("reason")).as(v.toString()).isTrue();
    }
    for (JsonNode p : j.path("referencePlans")) {
      // change = calibrated / catalog - 1, as the text report's column
      assertThat(p.path("change").asDouble()).isCloseTo(p.path("calibratedSeconds").asDouble()
          / p.path("catalogSeconds").asDouble() - 1, within(1e-9));
    }
    assertThat(j.path("referencePlans").size()).isPositive();
  }

  @Test
  void aCpuProbeWithoutAGpuToCalibrateIsAUsageErrorAndWritesNothing() {
    Path overlay = dir.resolve("none.yaml");
    CliRunner r = CliRunner.run("calibrate", "--from", probeJson.toString(), "--out", overlay.toString());
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("the probe ran on the CPU").contains("pass --gpu NAME").hasLineCount(1);
    assertThat(overlay).doesNotExist();
  }
}
