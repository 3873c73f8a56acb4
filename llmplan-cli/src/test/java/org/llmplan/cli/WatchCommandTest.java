package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.monitor.Thresholds;
import org.llmplan.plan.PlanFile;

/**
 * `llmplan watch` against a real Prometheus that loads the emitted bundle's own scrape config (only its scrape
 * interval shortened to 1 s and its targets pointed at fixture exporters), so the metric names watch queries are
 * those the bundle collects. The fixtures serve dcgm-exporter, node_exporter, trainer and vLLM series.
 */
class WatchCommandTest {
  private static final String HOST = "Hostname=\"node-1\"";

  @TempDir
  Path dir;

  @BeforeAll
  static void prometheusInstalled() {
    assumeTrue(Files.isExecutable(PrometheusServer.BINARY), "needs " + PrometheusServer.BINARY
        + " (Debian's prometheus package, which .ci/run installs)");
  }

  @Test
  void aTrainingRunAtItsPlannedSpeedIsOnPlan() throws Exception {
    Path bundle = emit("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--distributed-optimizer",
        "--recompute", "full");
    Thresholds plan = thresholds(bundle);
    CliRunner r = watch(bundle, Map.of(
        "training", t -> trainer(plan.plannedStepSeconds(), plan.plannedTokensPerSecond()),
        "dcgm", t -> dcgm(8, -1, 1980, 64, plan.plannedMemoryMiB() * 0.98, 0),
        "node", t -> nics(t, 1, -1)));
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("step time", "on plan").contains("On plan.").doesNotContain("drifting");
  }

  @Test
  void aSlowRunOnTwoNodesNamesTheThrottledGpuAndTheSlowLink() throws Exception {
    Path bundle = emit("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "16", "--distributed-optimizer",
        "--recompute", "full");
    Thresholds plan = thresholds(bundle);
    List<CliRunner> both = watchTextAndJson(bundle, Map.of(
        "training", t -> trainer(plan.plannedStepSeconds() * 1.5, plan.plannedTokensPerSecond() / 1.5),
        "dcgm", t -> dcgm(8, 3, 1980, 64, plan.plannedMemoryMiB() * 0.98, 0),
        "node", t -> nics(t, 8, 2)));
    CliRunner r = both.get(0);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(WatchCommand.DRIFTING);
    assertThat(r.out()).contains("Drifting")
        .containsPattern("step time .* drifting")
        .contains("throttled GPU: node-1 GPU 3 holds 1188 MHz, the fastest 1980 MHz")
        .contains("slow link: 127.0.0.1:")
        .contains("the median NIC 20 GB/s");
    // the fixture's slow NIC counts 4 GB/s; Prometheus' rate() extrapolates over scrapes that a loaded machine
    // delays, so the figure is checked to 5 %
    assertThat(number(r.out(), "mlx5_2 sends (\\S+) GB/s")).isCloseTo(4, within(0.2));
    CliRunner json = both.get(1);
    assertThat(json.exitCode()).as("--json answers with the same exit code").isEqualTo(WatchCommand.DRIFTING);
    JsonNode j = json.json();
    assertThat(j.path("kind").asText()).isEqualTo("training");
    assertThat(j.path("drifting").asBoolean()).isTrue();
    assertThat(j.path("causes").toString()).contains("throttled GPU: node-1 GPU 3 holds 1188 MHz");
    JsonNode step = StreamSupport.stream(j.path("readings").spliterator(), false)
        .filter(f -> f.path("what").asText().equals("step time")).findFirst().orElseThrow();
    assertThat(step.path("verdict").asText()).isEqualTo("drifting");
    // the fixture trainer reports 1.5x the planned step time, beyond the +20 % bound the alert rule uses
    assertThat(step.path("observed").asDouble()).isGreaterThan(step.path("bound").asDouble());
    assertThat(step.path("observed").asDouble() / step.path("planned").asDouble()).isBetween(1.4, 1.6);
  }

  @Test
  void memoryThatGrowsTowardsTheCapacityIsCreepEvenAtPlannedSpeed() throws Exception {
    Path bundle = emit("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--distributed-optimizer",
        "--recompute", "full");
    Thresholds plan = thresholds(bundle);
    CliRunner r = watch(bundle, Map.of(
        "training", t -> trainer(plan.plannedStepSeconds(), plan.plannedTokensPerSecond()),
        "dcgm", t -> dcgm(8, -1, 1980, 64, plan.plannedMemoryMiB() * 0.9, 20 * t),
        "node", t -> nics(t, 1, -1)));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(WatchCommand.DRIFTING);
    assertThat(r.out()).containsPattern("memory creep: node-1 GPU [0-7] grows 7\\d{4} MiB/h");
  }

  @Test
  void aServingQueueThatGrowsWithTheCacheFullMissesItsFirstTokenTarget() throws Exception {
    Path bundle = emit("serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "5", "--duration", "60s",
        "--input", "1000", "--output", "200", "--ttft-p99", "1s", "--tpot-p99", "40ms");
    Map<String, DoubleFunction<String>> exporters = new LinkedHashMap<>();
    exporters.put("dcgm", t -> dcgm(1, -1, 1980, 60, 70000, 0));
    exporters.put("*", t -> engine(t, 2.0, 0.97, 3 * t));
    CliRunner r = watch(bundle, exporters);
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(WatchCommand.DRIFTING);
    // p99 interpolated in the (1, 2.5] s bucket that holds every first token: 1 + 0.99 x 1.5
    assertThat(r.out()).containsPattern("TTFT p99 +1 s +2\\.485 s +1 s +drifting").contains("queue growing:")
        .containsPattern("queue growing: \\S+ gains \\d+ waiting requests a minute")
        .contains("KV cache nearly full");
    // the fixture's queue grows 3 a second, 180 a minute (to 10 %: rate() over delayed scrapes, as above)
    assertThat(number(r.out(), "gains (\\d+) waiting requests a minute")).isCloseTo(180, within(18.0));
  }

  /** The first group of {@code regex} in {@code text}, as a number. */
  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as(regex + " in " + text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aServerThatIsNotThereIsAUsageError() throws Exception {
    Path bundle = emit("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--distributed-optimizer",
        "--recompute", "full");
    CliRunner r = CliRunner.run("watch", "--plan", bundle.resolve("plan.json").toString(), "--prometheus",
        "http://127.0.0.1:1", "--window", "30s");
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).startsWith("error: cannot reach Prometheus at http://127.0.0.1:1/").hasLineCount(1);
    assertThat(CliRunner.run("watch", "--plan", bundle.resolve("plan.json").toString(), "--prometheus",
        "http://127.0.0.1:1", "--window", "ten minutes").err()).contains("--window ten minutes is not a PromQL range");
    CliRunner notUrl = CliRunner.run("watch", "--plan", bundle.resolve("plan.json").toString(), "--prometheus",
        "prometheus:9090");
    assertThat(notUrl.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(notUrl.err()).contains("--prometheus prometheus:9090 is not a URL");
  }

  private Path emit(String... command) {
    Path bundle = dir.resolve("bundle");
    String[] args = Stream.concat(Stream.of(command), Stream.of("--emit", bundle.toString())).toArray(String[]::new);
    CliRunner r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return bundle;
  }

  private static Thresholds thresholds(Path bundle) {
    return Thresholds.of(LaunchPlan.of(PlanFile.read(bundle.resolve("plan.json")), Catalog.embedded(),
        LaunchSettings.DEFAULTS));
  }

  /**
   * Points each target file of the bundle at a fixture (by file name; "*" for the engine's), shortens the scrape
   * interval, runs Prometheus on it until every target was scraped 7 times, then watches the last 5 s (a rate over a
   * window longer than the series would be diluted).
   */
  private CliRunner watch(Path bundle, Map<String, DoubleFunction<String>> fixtures) throws Exception {
    return watchTextAndJson(bundle, fixtures).get(0);
  }

  /** `watch` against one Prometheus twice: as text, then with --json. */
  private List<CliRunner> watchTextAndJson(Path bundle, Map<String, DoubleFunction<String>> fixtures)
      throws Exception {
    Path monitoring = bundle.resolve("monitoring");
    Path config = monitoring.resolve("prometheus.yml");
    String yaml = Files.readString(config);
    assertThat(yaml).contains("scrape_interval: 15s");
    Files.writeString(config, yaml.replace("scrape_interval: 15s", "scrape_interval: 1s"));
    Map<String, FixtureExporter> running = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(monitoring.resolve("targets"))) {
      for (Path targets : files.sorted().toList()) {
        String job = targets.getFileName().toString().replace(".json", "");
        FixtureExporter e = new FixtureExporter(fixtures.getOrDefault(job, fixtures.get("*")));
        running.put(job, e);
        Files.writeString(targets, "[{\"targets\": [\"" + e.address() + "\"]}]\n");
      }
    }
    try (PrometheusServer prometheus = new PrometheusServer(config, dir.resolve("store"))) {
      prometheus.awaitScrapes(running.size(), 7);
      String[] args = {"watch", "--plan", bundle.resolve("plan.json").toString(), "--prometheus", prometheus.url(),
          "--window", "5s"};
      return List.of(CliRunner.run(args), CliRunner.run(Stream.concat(Stream.of(args), Stream.of("--json"))
          .toArray(String[]::new)));
    } finally {
      running.values().forEach(FixtureExporter::close);
    }
  }

  private static String trainer(double stepSeconds, double tokensPerSecond) {
    return "llm_training_step_seconds " + stepSeconds + "\nllm_training_tokens_per_second " + tokensPerSecond + "\n";
  }

  /** dcgm-exporter's series for {@code gpus} GPUs; GPU {@code slow} (if not -1) at 60 % clock and 91 C. */
  private static String dcgm(int gpus, int slow, double clock, double celsius, double usedMiB, double growthMiB) {
    StringBuilder b = new StringBuilder();
    for (int g = 0; g < gpus; g++) {
      String l = "{" + HOST + ",gpu=\"" + g + "\",modelName=\"NVIDIA H100 80GB HBM3\"}";
      b.append("DCGM_FI_DEV_SM_CLOCK").append(l).append(' ').append(g == slow ? clock * 0.6 : clock).append('\n');
      b.append("DCGM_FI_DEV_GPU_TEMP").append(l).append(' ').append(g == slow ? 91 : celsius).append('\n');
      b.append("DCGM_FI_DEV_FB_USED").append(l).append(' ').append(Math.round(usedMiB + growthMiB)).append('\n');
      b.append("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE").append(l).append(" 0.45\n");
      b.append("DCGM_FI_DEV_NVLINK_CRC_FLIT_ERROR_COUNT_TOTAL").append(l).append(" 0\n");
    }
    return b.toString();
  }

  /** node_exporter's infiniband series: {@code devices} NICs sending 20 GB/s, NIC {@code slow} 4 GB/s. */
  private static String nics(double seconds, int devices, int slow) {
    StringBuilder b = new StringBuilder();
    for (int d = 0; d < devices; d++) {
      String l = "{device=\"mlx5_" + d + "\",port=\"1\"}";
      double rate = d == slow ? 4e9 : 20e9;
      b.append("node_infiniband_port_data_transmitted_bytes_total").append(l).append(' ')
          .append(String.format(Locale.ROOT, "%.0f", rate * seconds)).append('\n');
      b.append("node_infiniband_port_errors_received_total").append(l).append(" 0\n");
      b.append("node_infiniband_state_id").append(l).append(" 4\n");
    }
    return b.toString();
  }

  /** vLLM's series: 10 requests a second, every first token after {@code ttft} s, KV use, a queue of {@code waiting}. */
  private static String engine(double seconds, double ttft, double kv, double waiting) {
    long n = Math.round(10 * seconds);
    StringBuilder b = new StringBuilder();
    histogram(b, "vllm:time_to_first_token_seconds", new double[] {0.1, 0.5, 1, 2.5, 5}, ttft, n);
    histogram(b, "vllm:inter_token_latency_seconds", new double[] {0.01, 0.025, 0.05}, 0.008, n * 200);
    b.append("vllm:kv_cache_usage_perc{model_name=\"m\"} ").append(kv).append('\n');
    b.append("vllm:num_requests_waiting{model_name=\"m\"} ").append(Math.round(waiting)).append('\n');
    b.append("vllm:num_requests_running{model_name=\"m\"} 64\n");
    b.append("vllm:generation_tokens_total{model_name=\"m\"} ").append(n * 200).append('\n');
    b.append("vllm:prompt_tokens_total{model_name=\"m\"} ").append(n * 1000).append('\n');
    return b.toString();
  }

  private static void histogram(StringBuilder b, String name, double[] bounds, double value, long count) {
    for (double le : bounds) {
      b.append(name).append("_bucket{model_name=\"m\",le=\"").append(le).append("\"} ").append(value <= le ? count : 0)
          .append('\n');
    }
    b.append(name).append("_bucket{model_name=\"m\",le=\"+Inf\"} ").append(count).append('\n');
    b.append(name).append("_count{model_name=\"m\"} ").append(count).append('\n');
    b.append(name).append("_sum{model_name=\"m\"} ").append(value * count).append('\n');
  }
}
