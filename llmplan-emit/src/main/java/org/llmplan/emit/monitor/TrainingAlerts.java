package org.llmplan.emit.monitor;

import static org.llmplan.emit.monitor.Thresholds.plain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.monitor.AlertRule.Series;

/**
 * The alerting rules of a training plan: the run against its plan (step time, throughput, memory, tensor
 * activity) and the health of GPUs and links (temperature, XID, NVLink and InfiniBand errors). Metric names:
 * dcgm-exporter (etc/default-counters.csv at NVIDIA/dcgm-exporter d5e5f51, plus the NVLink error counters
 * that {@link PrometheusTarget} enables), node_exporter's infiniband collector, and the two training gauges
 * of {@link Metrics}.
 */
final class TrainingAlerts {
  static final String GPU = "Hostname=\"node-1\",gpu=\"0\",job=\"dcgm\"";
  static final Map<String, String> GPU_LABELS = labels("Hostname", "node-1", "gpu", "0");

  private TrainingAlerts() {}

  static List<AlertRule> of(LaunchPlan plan) {
    Thresholds t = Thresholds.of(plan);
    List<AlertRule> rules = new ArrayList<>();
    String run = "training";
    String trainer = "job=\"" + Metrics.TRAINING_JOB + "\"";
    Map<String, String> jobLabels = labels("job", Metrics.TRAINING_JOB);
    rules.add(new AlertRule(run, "TrainingStepTimeAbovePlan",
        "max by (job) (" + Metrics.STEP_SECONDS + "{" + trainer + "}) > " + plain(t.stepSeconds()), "10m", "warning",
        "Training step time is above plan",
        "Planned " + plain(t.plannedStepSeconds()) + " s per step; alert above " + plain(t.stepSeconds())
            + " s (throughput " + percent(Thresholds.THROUGHPUT_MARGIN) + " below plan).",
        List.of(new Series(Metrics.STEP_SECONDS + "{" + trainer + ",instance=\"node-1:9464\"}",
            plain(t.plannedStepSeconds() * 1.5) + "x30")), with(jobLabels, "warning"),
        List.of(new Series(Metrics.STEP_SECONDS + "{" + trainer + ",instance=\"node-1:9464\"}",
            plain(t.plannedStepSeconds()) + "x30"))));
    rules.add(new AlertRule(run, "TrainingThroughputBelowPlan",
        "sum by (job) (" + Metrics.TOKENS_PER_SECOND + "{" + trainer + "}) < " + plain(t.tokensPerSecond()), "10m",
        "warning", "Training throughput is below plan",
        "Planned " + plain(t.plannedTokensPerSecond()) + " tokens/s; alert below " + plain(t.tokensPerSecond())
            + " tokens/s (" + percent(Thresholds.THROUGHPUT_MARGIN) + " margin).",
        List.of(new Series(Metrics.TOKENS_PER_SECOND + "{" + trainer + ",instance=\"node-1:9464\"}",
            plain(t.plannedTokensPerSecond() * 0.5) + "x30")), with(jobLabels, "warning"),
        List.of(new Series(Metrics.TOKENS_PER_SECOND + "{" + trainer + ",instance=\"node-1:9464\"}",
            plain(t.plannedTokensPerSecond()) + "x30"))));
    // Fires only when the trainer's port answers without the gauges: a stock trainer with no exporter leaves the
    // target down (up == 0), and that is no alert of the plan's.
    rules.add(new AlertRule(run, "TrainingMetricsMissing",
        "max by (job) (up{" + trainer + "}) == 1 unless on (job) max by (job) (" + Metrics.TOKENS_PER_SECOND + "{"
            + trainer + "})", "15m", "warning",
        "The trainer's exporter reports no throughput",
        "Port " + Metrics.TRAINER_PORT + " answers but exports no " + Metrics.TOKENS_PER_SECOND + " or "
            + Metrics.STEP_SECONDS + ": check " + PrometheusTarget.EXPORTER + " (see the bundle README).",
        List.of(new Series("up{" + trainer + ",instance=\"node-1:9464\"}", "1x30")), with(jobLabels, "warning"),
        List.of(new Series("up{" + trainer + ",instance=\"node-1:9464\"}", "0x30"))));
    rules.add(gpuRule(run, "GpuMemoryAbovePlan", "max by (Hostname, gpu) (DCGM_FI_DEV_FB_USED) > "
        + plain(t.memoryMiB()), "5m", "warning", "GPU memory on {{ $labels.Hostname }} GPU {{ $labels.gpu }} is above "
        + "the planned peak", "Planned peak " + plain(t.plannedMemoryMiB()) + " MiB of " + plain(t.capacityMiB())
        + " MiB; alert above " + plain(t.memoryMiB()) + " MiB.",
        "DCGM_FI_DEV_FB_USED", Math.min(t.capacityMiB(), Math.ceil(t.memoryMiB() + 512)),
        Math.floor(t.plannedMemoryMiB())));
    rules.add(gpuRule(run, "TensorCoreActivityBelowPlan", "avg by (Hostname, gpu) "
        + "(DCGM_FI_PROF_PIPE_TENSOR_ACTIVE) < " + plain(t.tensorActive()), "15m", "warning",
        "Tensor cores on {{ $labels.Hostname }} GPU {{ $labels.gpu }} are far less busy than planned",
        "Planned MFU " + plain(t.plannedMfu()) + "; alert when tensor-pipe activity stays below "
            + plain(t.tensorActive()) + " (" + percent(Thresholds.TENSOR_FRACTION) + " of planned MFU).",
        "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", Thresholds.round(t.tensorActive() / 2), t.plannedMfu()));
    rules.addAll(gpuHealth());
    if (plan.nodes() > 1) {
      rules.addAll(network(plan));
    }
    return rules;
  }

  /** GPU health rules shared by training and serving bundles: temperatures, XID and NVLink errors. */
  static List<AlertRule> gpuHealth() {
    List<AlertRule> rules = new ArrayList<>();
    String health = "gpu-health";
    rules.add(gpuRule(health, "GpuTemperatureHigh", "max by (Hostname, gpu) (DCGM_FI_DEV_GPU_TEMP) > "
        + plain(Thresholds.GPU_TEMPERATURE_C), "5m", "warning", "GPU {{ $labels.gpu }} on {{ $labels.Hostname }} "
        + "runs hot", "GPU temperature above " + plain(Thresholds.GPU_TEMPERATURE_C) + " C: clocks slow down "
        + "and the run falls behind plan.", "DCGM_FI_DEV_GPU_TEMP", 92, 65));
    rules.add(gpuRule(health, "GpuMemoryTemperatureHigh", "max by (Hostname, gpu) (DCGM_FI_DEV_MEMORY_TEMP) > "
        + plain(Thresholds.MEMORY_TEMPERATURE_C), "5m", "warning", "HBM of GPU {{ $labels.gpu }} on "
        + "{{ $labels.Hostname }} runs hot", "Memory temperature above " + plain(Thresholds.MEMORY_TEMPERATURE_C)
        + " C.", "DCGM_FI_DEV_MEMORY_TEMP", 100, 70));
    rules.add(gpuRule(health, "GpuXidError", "max by (Hostname, gpu) (DCGM_FI_DEV_XID_ERRORS) > 0", "0m",
        "critical", "XID error on {{ $labels.Hostname }} GPU {{ $labels.gpu }}", "DCGM_FI_DEV_XID_ERRORS holds the "
        + "last XID code; check dmesg, and drain the node if it repeats (for example XID 79, GPU fell off the bus).",
        "DCGM_FI_DEV_XID_ERRORS", 79, 0));
    rules.add(counterRule(health, "NvlinkErrors", List.of("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL",
        "DCGM_FI_DEV_NVLINK_CRC_DATA_ERROR_COUNT_TOTAL", "DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL",
        "DCGM_FI_DEV_NVLINK_RECOVERY_ERROR_COUNT_TOTAL"), "Hostname, gpu", GPU, GPU_LABELS,
        "NVLink errors on {{ $labels.Hostname }} GPU {{ $labels.gpu }}",
        "NVLink CRC, replay or recovery errors in the last 10 minutes: tensor-parallel traffic slows or fails."));
    return rules;
  }

  /**
   * Port errors and state of the NICs NCCL uses (the same mlx5 devices as NCCL_IB_HCA). RoCE ConnectX ports
   * are RDMA devices too, so the infiniband collector covers both fabrics.
   */
  private static List<AlertRule> network(LaunchPlan plan) {
    String devices = "device=~\"" + Metrics.rdmaDevices(plan) + "\"";
    String port = "device=\"mlx5_0\",instance=\"node-1:9100\",job=\"node\",port=\"1\"";
    Map<String, String> portLabels = labels("device", "mlx5_0", "instance", "node-1:9100", "port", "1");
    String group = "network";
    List<AlertRule> rules = new ArrayList<>();
    rules.add(counterRule(group, "RdmaPortErrors", List.of("node_infiniband_port_errors_received_total{" + devices
        + "}", "node_infiniband_link_downed_total{" + devices + "}", "node_infiniband_link_error_recovery_total{"
        + devices + "}"), "instance, device, port", port, portLabels,
        "Errors on {{ $labels.instance }} {{ $labels.device }} port {{ $labels.port }}",
        "Receive errors, link-down or error-recovery events in the last 10 minutes on a NIC that NCCL uses ("
            + plan.job().scaleOut().fabric() + ")."));
    rules.add(new AlertRule(group, "RdmaPortNotActive",
        "max by (instance, device, port) (node_infiniband_state_id{" + devices + "}) != 4", "2m", "critical",
        "{{ $labels.instance }} {{ $labels.device }} port {{ $labels.port }} is not active",
        "Port state is not ACTIVE (4): NCCL falls back to fewer NICs or fails.",
        List.of(new Series("node_infiniband_state_id{" + port + "}", "4x5 1x25")), with(portLabels, "critical"),
        List.of(new Series("node_infiniband_state_id{" + port + "}", "4x30"))));
    return rules;
  }

  /** A per-GPU gauge rule, tested with a value that must fire and one from a healthy run. */
  static AlertRule gpuRule(String group, String name, String expr, String forDuration, String severity,
      String summary, String description, String metric, double bad, double good) {
    return new AlertRule(group, name, expr, forDuration, severity, summary, description,
        List.of(new Series(metric + "{" + GPU + "}", plain(good) + "x2 " + plain(bad) + "x28")),
        with(GPU_LABELS, severity), List.of(new Series(metric + "{" + GPU + "}", plain(good) + "x30")));
  }

  /** Fires when any of the counters grew in the last 10 minutes; tested with the first of them. */
  static AlertRule counterRule(String group, String name, List<String> counters, String by, String labels,
      Map<String, String> firingLabels, String summary, String description) {
    List<String> terms = counters.stream()
        .map(c -> "max by (" + by + ") (increase(" + c + "[10m])) > 0").toList();
    String first = counters.get(0).replaceFirst("\\{.*", "");
    return new AlertRule(group, name, String.join(" or ", terms), "0m", "warning", summary, description,
        List.of(new Series(first + "{" + labels + "}", "0x10 0+1x20")), with(firingLabels, "warning"),
        List.of(new Series(first + "{" + labels + "}", "3x30")));
  }

  static Map<String, String> with(Map<String, String> labels, String severity) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put("severity", severity);
    return m;
  }

  static Map<String, String> labels(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String percent(double fraction) {
    return Math.round(100 * fraction) + " %";
  }
}
