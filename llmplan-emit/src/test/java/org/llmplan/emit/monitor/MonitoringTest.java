package org.llmplan.emit.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.plan.PlanFile;

/** Thresholds come from the plan's estimates; the dashboard is a valid classic model reading enabled metrics. */
class MonitoringTest {
  private static final LaunchPlan PLAN = LaunchPlan.of(PlanFile.parse("{\"format\":\"llmplan-plan/1\",\"training\":"
      + "{\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":2,\"seq\":8192,\"sharding\":"
      + "\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true,\"globalBatch\":128}}", "test"),
      Catalog.embedded(), LaunchSettings.DEFAULTS);

  @Test
  void thresholdsAreThePlansFiguresWithTheirMargins() {
    Thresholds t = Thresholds.of(PLAN);
    double step = PLAN.time().stepSeconds();
    assertThat(t.plannedStepSeconds()).isCloseTo(step, within(step * 1e-3));
    assertThat(t.stepSeconds()).isCloseTo(step / 0.8, within(step * 1e-3));
    assertThat(t.tokensPerSecond()).isCloseTo(0.8 * PLAN.time().tokensPerSecond(), within(50.0));
    assertThat(t.memoryMiB()).isCloseTo(1.05 * PLAN.memory().totalBytes() / (1 << 20), within(10.0));
    assertThat(t.memoryMiB()).isLessThan(t.capacityMiB());
    assertThat(t.tensorActive()).isCloseTo(0.5 * PLAN.time().mfu(), within(1e-3));
    String rules = new PrometheusTarget().files(PLAN, List.of()).get(1).content();
    assertThat(rules).contains("> " + Thresholds.plain(t.stepSeconds()), "< " + Thresholds.plain(t.tokensPerSecond()),
        "> " + Thresholds.plain(t.memoryMiB()));
  }

  @Test
  void dashboardIsAValidClassicModel() throws IOException {
    JsonNode d = new ObjectMapper().readTree(new GrafanaTarget().files(PLAN, List.of()).get(0).content());
    checkClassicModel(d, PLAN.name());
    assertThat(d.path("panels").size()).isEqualTo(12); // 10 GPU and training panels + 2 network panels
    String throughput = d.path("panels").get(0).toString();
    assertThat(throughput).contains("vector(" + Thresholds.plain(Thresholds.round(PLAN.time().tokensPerSecond()))
        + ")");
  }

  /** Every serving plan's dashboard is a valid classic model too, with the latency panels first. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("org.llmplan.emit.ServingPlans#names")
  void servingDashboardIsAValidClassicModel(String plan) throws IOException {
    org.llmplan.emit.ServingLaunch launch = org.llmplan.emit.ServingPlans.launch(plan);
    JsonNode d = new ObjectMapper().readTree(new GrafanaTarget().files(launch, List.of()).get(0).content());
    checkClassicModel(d, launch.name());
    assertThat(d.path("panels").get(0).path("title").asText())
        .isEqualTo(launch.engine().metrics().isPresent() ? "p99 time to first token" : "GPU utilization");
  }

  /** Schema version, unique panel ids, a grid without overlaps, unique refIds, the datasource variable. */
  static void checkClassicModel(JsonNode d, String uid) {
    assertThat(d.path("schemaVersion").asInt()).isBetween(39, 42);
    assertThat(d.path("uid").asText()).isEqualTo(uid);
    Set<Integer> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();
    for (JsonNode panel : d.path("panels")) {
      assertThat(ids.add(panel.path("id").asInt())).isTrue();
      JsonNode g = panel.path("gridPos");
      assertThat(g.path("x").asInt() + g.path("w").asInt()).isLessThanOrEqualTo(24);
      for (int x = g.path("x").asInt(); x < g.path("x").asInt() + g.path("w").asInt(); x++) {
        for (int y = g.path("y").asInt(); y < g.path("y").asInt() + g.path("h").asInt(); y++) {
          assertThat(cells.add(x + "," + y)).as("panels overlap at " + x + "," + y).isTrue();
        }
      }
      assertThat(panel.path("type").asText()).isEqualTo("timeseries");
      Set<String> refIds = new HashSet<>();
      for (JsonNode target : panel.path("targets")) {
        assertThat(refIds.add(target.path("refId").asText())).isTrue();
        assertThat(target.path("expr").asText()).isNotBlank();
        assertThat(target.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
      }
    }
  }

  /** Every DCGM field the rules and the dashboard read is enabled in the emitted counters file. */
  @Test
  void everyDcgmFieldUsedIsEnabled() {
    List<BundleFile> files = new PrometheusTarget().files(PLAN, List.of());
    String counters = files.stream().filter(f -> f.path().equals(PrometheusTarget.COUNTERS)).findFirst()
        .orElseThrow().content();
    String used = files.get(1).content() + new GrafanaTarget().files(PLAN, List.of()).get(0).content();
    Matcher m = Pattern.compile("DCGM_FI_[A-Z_]+").matcher(used);
    int seen = 0;
    while (m.find()) {
      String field = m.group();
      if (field.endsWith("_")) {
        continue; // the prefix of the dashboard's NVLink regular expression
      }
      assertThat(counters).as(field).containsPattern("(?m)^" + field + ", (gauge|counter), ");
      seen++;
    }
    assertThat(seen).isGreaterThan(8);
    assertThat(counters).contains("DCGM_FI_DEV_NVLINK_REPLAY_ERROR_COUNT_TOTAL, counter");
  }

  /**
   * A plan above 99 % of memory used to get an alert at 99 % of capacity, below its own peak, so it fired at plan:
   * the threshold now stays between the peak and the capacity (by hand: 80,000 MiB of 80,800 alerts at 80,400).
   */
  @Test
  void aPlanNearFullMemoryAlertsBetweenItsPeakAndTheCapacity() {
    assertThat(Thresholds.memoryThreshold(80_000, 80_800)).isEqualTo(80_400);
    assertThat(Thresholds.memoryThreshold(60_000, 80_800)).isEqualTo(63_000); // the 5 % margin where it fits
    for (double planned = 70_000; planned < 81_559; planned += 97) {
      assertThat(Thresholds.memoryThreshold(planned, 81_559)).isGreaterThan(planned).isLessThan(81_559);
    }
  }

  /** Likewise the KV-cache alert of a serving plan that itself runs above 95 % of the cache. */
  @Test
  void aServingPlanAboveTheKvThresholdAlertsAboveItsOwnUse() {
    ServingThresholds busy = new ServingThresholds(0, 0, 0.1, 0.01, 4, 2, 100, 0.97);
    assertThat(busy.kvUsageThreshold()).isEqualTo(0.985);
    ServingThresholds calm = new ServingThresholds(0, 0, 0.1, 0.01, 4, 2, 100, 0.4);
    assertThat(calm.kvUsageThreshold()).isEqualTo(ServingThresholds.KV_USAGE);
  }
}
