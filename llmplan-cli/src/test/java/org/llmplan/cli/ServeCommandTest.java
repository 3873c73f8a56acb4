package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.InferenceRequest;
import org.llmplan.plan.PlanFile;
import org.llmplan.plan.ServingPlan;

class ServeCommandTest {
  private static final String[] SMALL = {"serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "4",
      "--duration", "2min", "--input", "lognormal:1000,0.5", "--output", "200"};

  /** {@code base} with each option of {@code more} set: replaced where it is there, added where not. */
  private static String[] with(String[] base, String... more) {
    List<String> all = new ArrayList<>(List.of(base));
    for (int i = 0; i < more.length; i++) {
      int at = all.indexOf(more[i]);
      boolean flag = i + 1 == more.length || more[i + 1].startsWith("--") && !more[i + 1].matches("--\\d.*");
      if (at >= 0 && !flag) {
        all.set(at + 1, more[++i]);
      } else {
        all.add(more[i]);
        if (!flag) {
          all.add(more[++i]);
        }
      }
    }
    return all.toArray(String[]::new);
  }

  @Test
  void theTableGivesLatenciesWithTheirDefinitionsThroughputAndQueueing() {
    CliRunner r = CliRunner.run(SMALL);
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Memory: fits").contains("TTFT: arrival to first token").contains("ITL")
        .contains("E2E").contains("queueing").contains("Throughput: ").contains("preemptions")
        .contains("peak KV use").doesNotContain("Capacity");
  }

  @Test
  void withTargetsTheJsonGivesCapacityReplicasAndACostThatAddsUp() {
    CliRunner r = CliRunner.run(with(SMALL, "--ttft-p99", "2s", "--tpot-p99", "50ms", "--rate", "60",
        "--duration", "1min", "--price", "2", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    assertThat(j.get("fits").asBoolean()).isTrue();
    JsonNode m = j.get("metrics");
    assertThat(m.get("ttftSeconds").get("p99").asDouble()).isGreaterThanOrEqualTo(
        m.get("ttftSeconds").get("p50").asDouble());
    double capacity = j.get("capacity").get("maxRatePerSecond").asDouble();
    assertThat(j.get("capacity").get("sustained").asBoolean()).isTrue();
    JsonNode cost = j.get("cost").get("atTargetRate");
    int replicas = cost.get("replicas").asInt();
    assertThat(replicas).isEqualTo((int) Math.ceil(60 / capacity));
    assertThat(cost.get("usdPerHour").asDouble()).isCloseTo(2.0 * replicas, within(1e-9));
    // 60 requests/s of one replica's capacity about 20-35/s cannot meet the targets on one replica
    assertThat(j.get("slo").get("met").asBoolean()).isEqualTo(capacity >= 60);
  }

  @Test
  void atALowRateTtftIsTheUnloadedPrefillAndTpotTheDecodeStep() {
    CliRunner r = CliRunner.run("serve", "--model", "llama-3.1-8b", "--gpu", "h100", "--rate", "0.05",
        "--arrivals", "constant", "--duration", "1h", "--input", "1000", "--output", "100", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode j = r.json();
    JsonNode alone = j.get("memory").get("latency");
    JsonNode m = j.get("metrics");
    // one request every 20 s, each done in about a second: nothing overlaps, so the simulation must give the
    // model's own single-request figures (TPOT there is at the mean context, input + output / 2)
    assertThat(m.get("peakRequestsInSystem").asInt()).isEqualTo(1);
    assertThat(m.get("ttftSeconds").get("p50").asDouble())
        .isCloseTo(alone.get("ttftSeconds").asDouble(), within(0.02 * alone.get("ttftSeconds").asDouble()));
    assertThat(m.get("tpotSeconds").get("p50").asDouble())
        .isCloseTo(alone.get("tpotSeconds").asDouble(), within(0.05 * alone.get("tpotSeconds").asDouble()));
  }

  @Test
  void emitWritesTheServingBundleOfThePlanItSimulated(@TempDir Path dir) throws java.io.IOException {
    Path bundle = dir.resolve("bundle");
    CliRunner r = CliRunner.run(with(SMALL, "--emit", bundle.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Wrote ").contains("serve/vllm-serve.sh");
    assertThat(java.nio.file.Files.readString(bundle.resolve("serve/vllm-serve.sh")))
        .contains("vllm serve \"${MODEL}\"").contains("--max-num-seqs 256");
    CliRunner again = CliRunner.run(with(SMALL, "--emit", bundle.toString()));
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.out()).isEmpty();
  }

  @Test
  void theSavedPlanWritesEverySettingAndServesTheSame(@TempDir Path dir) {
    Path file = dir.resolve("plan.json");
    CliRunner r = CliRunner.run(with(SMALL, "--precision", "fp8", "--ttft-p99", "2s", "--save", file.toString()));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("Saved the plan to");
    ServingPlan plan = PlanFile.read(file).requireServing("test");
    InferenceRequest d = plan.deployment();
    EngineOptions e = d.engineOptions();
    for (Object field : new Object[] {d.model(), d.gpu(), d.layout().tp(), d.layout().pp(), d.layout().ep(),
        d.formats().precision(), d.formats().kvPrecision(), d.formats().groupSize(), e.engine(), e.maxNumSeqs(),
        e.maxBatchedTokens(), e.gpuMemoryUtilization(), e.blockSize(), e.maxModelLen(), e.chunkedPrefill(),
        d.tokens().input(), d.tokens().output()}) {
      assertThat(field).isNotNull();
    }
    assertThat(d.formats().precision()).isEqualTo("fp8");
    assertThat(d.tokens().input()).isEqualTo(1000);
    assertThat(plan.input()).isEqualTo("lognormal:1000,0.5");
    assertThat(plan.ratePerSecond()).isEqualTo(4.0);
    assertThat(plan.ttftP99Seconds()).isEqualTo(2.0);
    assertThat(plan.tpotP99Seconds()).isNull();
    assertThat(plan.deployment().toDeployment(Catalog.embedded()).label()).isEqualTo("TP1 PP1 fp8 weights, bf16 KV, "
        + "vllm");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--rate|-5|the request rate must be above 0",
      "--input|0|a fixed length must be between 1",
      "--output|-3|a fixed length must be between 1",
      "--ttft-p99|-2s|the TTFT p99 target",
      "--duration|0s|the duration (seconds)",
      "--arrivals|bursty|unknown arrivals"})
  void badInputIsAOneLineErrorWithExitCode2(String option, String value, String message) {
    CliRunner r = CliRunner.run(with(SMALL, option, value));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).startsWith("error: ").contains(message);
    assertThat(r.err().strip().lines()).hasSize(1);
  }

  @Test
  void anImpossibleTargetIsAnsweredInfeasibleBecause() {
    CliRunner r = CliRunner.run(with(SMALL, "--ttft-p99", "1ms"));
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("Targets missed").contains("Capacity: infeasible, because TTFT p99 is")
        .contains("even with one request at a time").doesNotContain("For 4");
  }

  @Test
  void aModelTooLargeGivesTheMemoryVerdictAndExitCode1() {
    CliRunner r = CliRunner.run("serve", "--model", "llama-3.1-405b", "--gpu", "h100", "--tp", "8", "--rate", "1",
        "--input", "1000", "--output", "100");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("Verdict: does NOT fit").contains("Levers").contains("--precision fp8");
    CliRunner json = CliRunner.run("serve", "--model", "llama-3.1-405b", "--gpu", "h100", "--tp", "8", "--rate",
        "1", "--input", "1000", "--output", "100", "--json");
    assertThat(json.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(json.json().get("fits").asBoolean()).isFalse();
  }

  @Test
  void staticBatchingIsSlowerThanContinuousAtTheSameLoad() {
    double continuous = CliRunner.run(with(SMALL, "--json")).json().get("metrics").get("e2eSeconds").get("p50")
        .asDouble();
    double fixed = CliRunner.run(with(SMALL, "--static-batch", "8", "--json")).json().get("metrics")
        .get("e2eSeconds").get("p50").asDouble();
    assertThat(fixed).isGreaterThan(continuous);
  }

  @Test
  void disaggregatedServesWithBothPools() {
    CliRunner r = CliRunner.run(with(SMALL, "--disaggregated", "1:2", "--kv-link-gbps", "400", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().get("gpus").asInt()).isEqualTo(3);
    assertThat(r.json().get("layout").asText()).startsWith("disaggregated, 1 prefill");
    CliRunner bad = CliRunner.run(with(SMALL, "--disaggregated", "two"));
    assertThat(bad.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(bad.err()).contains("write PREFILL:DECODE");
  }

  /**
   * A disaggregated plan keeps its split, KV link, arrivals, run length, seed and price, and {@code serve --plan}
   * asks the same question again: the JSON answer is the same, number for number.
   */
  @Test
  void servePlanRebuildsTheSameFiguresOfADisaggregatedPlan(@TempDir Path dir) {
    Path file = dir.resolve("plan.json");
    String[] asked = with(SMALL, "--disaggregated", "1:2", "--kv-link-gbps", "400", "--arrivals", "gamma:cv=2",
        "--seed", "7", "--price", "3.5", "--ttft-p99", "1500ms", "--rate", "100/min", "--json");
    CliRunner first = CliRunner.run(with(asked, "--save", file.toString()));
    assertThat(first.exitCode()).as(first.err()).isZero();
    ServingPlan plan = PlanFile.read(file).requireServing("test");
    assertThat(plan.disaggregated()).isEqualTo("1:2");
    assertThat(plan.kvLinkGbps()).isEqualTo(400.0);
    assertThat(plan.arrivals()).isEqualTo("gamma:cv=2");
    assertThat(plan.duration()).isEqualTo("2min");
    assertThat(plan.seed()).isEqualTo(7L);
    assertThat(plan.usdPerGpuHour()).isEqualTo(3.5);
    assertThat(plan.ttftP99Seconds()).isEqualTo(1.5);
    CliRunner again = CliRunner.run("serve", "--plan", file.toString(), "--json");
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.json()).isEqualTo(first.json());
    assertThat(again.json().get("layout").asText()).startsWith("disaggregated, 1 prefill");
  }

  @Test
  void servePlanRefusesTheOptionsThePlanHolds(@TempDir Path dir) {
    Path file = dir.resolve("plan.json");
    assertThat(CliRunner.run(with(SMALL, "--save", file.toString())).exitCode()).isZero();
    CliRunner both = CliRunner.run("serve", "--plan", file.toString(), "--rate", "9");
    assertThat(both.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(both.err().strip()).isEqualTo("error: --plan holds the whole deployment and traffic; leave out "
        + "--rate (or drop --plan and give the options)");
    CliRunner neither = CliRunner.run("serve", "--rate", "4", "--input", "100", "--output", "10");
    assertThat(neither.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(neither.err().strip().lines()).hasSize(1);
    assertThat(neither.err()).contains("--model and --gpu").contains("--plan FILE");
  }

  /** No launcher of a disaggregated server is verified here: emitting one is refused in one line, nothing written. */
  @Test
  void aDisaggregatedPlanIsNotEmittedAsAggregatedReplicas(@TempDir Path dir) {
    Path bundle = dir.resolve("bundle");
    CliRunner r = CliRunner.run(with(SMALL, "--disaggregated", "1:2", "--emit", bundle.toString()));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("splits prefill and decode (1:2)").contains("without --disaggregated");
    assertThat(bundle).doesNotExist();
    assertThat(dir.toFile().list()).isEmpty();
  }
}
