package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every plan's bundle passes the real validators: shellcheck for the scripts, promtool for the monitoring. */
class ValidatorsTest {
  static List<String> plans() {
    return TestPlans.names();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void scriptsPassShellcheck(String plan) throws IOException {
    Path bundle = TestPlans.bundle(plan);
    List<String> command = new ArrayList<>(List.of("shellcheck", "--shell=bash", "--severity=style"));
    try (Stream<Path> files = Files.walk(bundle)) {
      files.filter(f -> f.toString().endsWith(".sh") || f.toString().endsWith(".sbatch"))
          .forEach(f -> command.add(bundle.relativize(f).toString()));
    }
    assertThat(command).hasSizeGreaterThan(4); // torchrun, slurm and (Megatron plans) the arguments file
    ExternalTool result = ExternalTool.run(bundle, command.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @ParameterizedTest
  @MethodSource("plans")
  void rulesAndConfigPassPromtool(String plan) {
    Path monitoring = TestPlans.bundle(plan).resolve("monitoring");
    ExternalTool check = ExternalTool.run(monitoring, "promtool", "check", "rules", "rules/training-alerts.yml");
    assertThat(check.exitCode()).as(check.output()).isZero();
    ExternalTool config = ExternalTool.run(monitoring, "promtool", "check", "config", "prometheus.yml");
    assertThat(config.exitCode()).as(config.output()).isZero();
    ExternalTool test = ExternalTool.run(monitoring, "promtool", "test", "rules", "rules/training-alerts.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** The rule tests can fail: a throughput threshold above the plan makes the healthy example fire. */
  @Test
  void ruleTestsCatchAThresholdThatFiresOnAHealthyRun(@TempDir Path dir) throws IOException {
    LaunchPlan plan = TestPlans.launch("dense-megatron");
    List<BundleFile> files = new org.llmplan.emit.monitor.PrometheusTarget().files(plan, List.of());
    BundleWriter.write(dir.resolve("b"), files, false);
    Path rules = dir.resolve("b/monitoring/rules/training-alerts.yml");
    String threshold = org.llmplan.emit.monitor.Thresholds.plain(
        org.llmplan.emit.monitor.Thresholds.of(plan).tokensPerSecond());
    String text = Files.readString(rules);
    assertThat(text).contains("< " + threshold);
    Files.writeString(rules, text.replace("< " + threshold, "< " + Math.round(2 * plan.time().tokensPerSecond())));
    ExternalTool test = ExternalTool.run(dir.resolve("b/monitoring"), "promtool", "test", "rules",
        "rules/training-alerts.test.yml");
    assertThat(test.exitCode()).isNotZero();
    assertThat(test.output()).contains("TrainingThroughputBelowPlan");
  }

  /** shellcheck does check the scripts: an unquoted expansion in the launcher is reported. */
  @Test
  void shellcheckReportsAnUnquotedExpansion(@TempDir Path dir) throws IOException {
    Path bundle = TestPlans.bundle("roce-megatron");
    String script = Files.readString(bundle.resolve("slurm/train.sbatch"));
    Files.writeString(dir.resolve("train.sbatch"), script.replace("\"${DATA_PATH}\"", "$DATA_PATH"));
    ExternalTool result = ExternalTool.run(dir, "shellcheck", "--shell=bash", "train.sbatch");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("SC2086");
  }
}
