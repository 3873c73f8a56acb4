package org.llmplan.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.emit.monitor.PrometheusTarget;

/**
 * The trainer's gauges: stock trainers export none, so the missing-metrics alert must not fire for them, and the
 * bundle ships the exporter hook that does export them.
 */
class TrainerMetricsTest {
  /** A stock Megatron run: nothing answers on the trainer's port (up 0), no gauge, and promtool sees no alert. */
  @Test
  void noTrainingAlertFiresForAStockTrainer(@TempDir Path dir) throws IOException {
    Path bundle = TestPlans.bundle("dense-megatron");
    String rules = TestPlans.read(bundle.resolve(PrometheusTarget.RULES));
    Path copy = dir.resolve("rules");
    Files.createDirectories(copy);
    Files.writeString(copy.resolve("training-alerts.yml"), rules);
    Files.writeString(copy.resolve("stock.test.yml"), """
        rule_files: [training-alerts.yml]
        evaluation_interval: 1m
        tests:
          - interval: 1m
            input_series:
              - series: 'up{job="training",instance="node-1:9464"}'
                values: '0x60'
            alert_rule_test:
              - {eval_time: 60m, alertname: TrainingMetricsMissing, exp_alerts: []}
              - {eval_time: 60m, alertname: TrainingThroughputBelowPlan, exp_alerts: []}
              - {eval_time: 60m, alertname: TrainingStepTimeAbovePlan, exp_alerts: []}
        """);
    ExternalTool test = ExternalTool.run(copy, "promtool", "test", "rules", "stock.test.yml");
    assertThat(test.exitCode()).as(test.output()).isZero();
    // The rule used to be absent(...): that fires on the same series, so this test would have caught it.
    String expr = "max by (job) (up{job=\\\"training\\\"}) == 1 unless on (job) max by (job) "
        + "(llm_training_tokens_per_second{job=\\\"training\\\"})";
    assertThat(rules).contains(expr);
    Files.writeString(copy.resolve("training-alerts.yml"),
        rules.replace(expr, "absent(llm_training_tokens_per_second{job=\\\"training\\\"})"));
    assertThat(ExternalTool.run(copy, "promtool", "test", "rules", "stock.test.yml").exitCode()).isNotZero();
  }

  /** The hook reads the iteration time Megatron prints and is shipped in every training bundle. */
  @Test
  void theExporterHookReadsMegatronsIterationTime(@TempDir Path dir) {
    Path bundle = TestPlans.bundle("zero3-offload");
    assertThat(bundle.resolve(PrometheusTarget.EXPORTER)).exists();
    String line = " [2026-12-02 10:00:00] iteration      120/  100000 | consumed samples: 15360 | elapsed time per "
        + "iteration (ms): 2481.3 | throughput per GPU (TFLOP/s/GPU): 412.0 |";
    ExternalTool run = ExternalTool.run(bundle.resolve("monitoring"), "python3", "-c", "import llmplan_metrics as m; "
        + "print(m.megatron_step_seconds('" + line + "'), m.megatron_step_seconds('validation loss 2.1'))");
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output().trim()).isEqualTo("2.4813 None");
    assertThat(TestPlans.read(bundle.resolve("container/Dockerfile"))).contains("prometheus-client==0.26.0");
    assertThat(List.of(TestPlans.read(bundle.resolve("README.md")))).allMatch(r -> r.contains(PrometheusTarget.EXPORTER));
  }
}
