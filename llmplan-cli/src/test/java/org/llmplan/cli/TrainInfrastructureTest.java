package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The network, storage and reliability sections of `llmplan train`. */
class TrainInfrastructureTest {
  private static CliRunner run(String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--model", "llama-3.1-70b", "--gpu", "h100", "--gpus",
        "64", "--tp", "8", "--pp", "2", "--seq", "8192", "--distributed-optimizer", "--recompute", "selective",
        "--sequence-parallel", "--global-batch", "128"));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static JsonNode json(String... extra) {
    List<String> args = new ArrayList<>(List.of(extra));
    args.add("--json");
    CliRunner r = run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.json();
  }

  @Test
  void theJsonCarriesNetworkStorageAndReliability() {
    JsonNode j = json("--tokens", "1T", "--simulations", "2000");
    assertThat(j.get("network").get("links")).hasSize(2);
    // Llama 3.1 70B checkpoint: 2 + 4 + 8 bytes per parameter.
    double params = 70.55e9;
    assertThat(j.get("storage").get("checkpoint").get("totalBytes").asDouble()).isCloseTo(14 * params,
        within(0.01 * 14 * params));
    JsonNode r = j.get("reliability");
    double failureFree = j.get("timeToTrainSeconds").asDouble();
    double expected = r.get("expected").get("timeToTrainSeconds").asDouble();
    assertThat(expected).isGreaterThan(failureFree);
    assertThat(r.get("effectiveTrainingTimeRatio").asDouble()).isCloseTo(failureFree / expected, within(1e-9));
    assertThat(r.get("expected").get("costUsd").asDouble()).isCloseTo(expected / 3600 * 64 * 4.25, within(1e-3));
    JsonNode sim = r.get("simulated");
    assertThat(sim.get("runs").asInt()).isEqualTo(2000);
    assertThat(sim.get("p50Seconds").asDouble()).isLessThanOrEqualTo(sim.get("p90Seconds").asDouble());
    assertThat(sim.get("p90Seconds").asDouble()).isLessThanOrEqualTo(sim.get("p99Seconds").asDouble());
    // The storage checkpoints at the interval the reliability model chose.
    assertThat(j.get("storage").get("intervalSeconds").asDouble()).isEqualTo(r.get("intervalSeconds").asDouble());
  }

  @Test
  void theFirstLinesOfTheTextAreUnchangedAndTheSectionsFollow() {
    CliRunner r = run("--tokens", "1T");
    assertThat(r.out()).startsWith("Training: llama-3.1-70b on 64 x h100-sxm, megatron\n");
    assertThat(r.out()).contains("\nNetwork: ib-ndr", "\nStorage: lustre", "\nReliability: 4.74e-04",
        "simulated runs (seed 1)");
  }

  @Test
  void aSlowerFabricLengthensTheStepAndAFailureRateSetsTheMtbf() {
    double ndr = json().get("stepSeconds").asDouble();
    assertThat(json("--fabric", "roce-100g").get("stepSeconds").asDouble()).isGreaterThan(ndr);
    JsonNode r = json("--failure-rate", "1e-3").get("reliability");
    assertThat(r.get("mtbfSeconds").asDouble()).isCloseTo(86_400 / (64 * 1e-3), within(1e-6));
  }

  @Test
  void aFixedIntervalAndABlockingSaveToSlowStorageLoseMoreTime() {
    JsonNode fixed = json("--checkpoint-every", "30min").get("reliability");
    assertThat(fixed.get("intervalSeconds").asDouble()).isEqualTo(1800);
    assertThat(fixed.get("intervalChoice").asText()).isEqualTo("--checkpoint-every");
    double fast = json().get("reliability").get("effectiveTrainingTimeRatio").asDouble();
    JsonNode slow = json("--storage", "nfs", "--checkpoint-mode", "blocking");
    assertThat(slow.get("storage").get("mode").asText()).isEqualTo("blocking");
    assertThat(slow.get("reliability").get("effectiveTrainingTimeRatio").asDouble()).isLessThan(fast);
  }

  @Test
  void aSeedRepeatsTheSimulation() {
    JsonNode a = json("--tokens", "1T", "--simulations", "500", "--seed", "5").get("reliability").get("simulated");
    JsonNode b = json("--tokens", "1T", "--simulations", "500", "--seed", "5").get("reliability").get("simulated");
    JsonNode c = json("--tokens", "1T", "--simulations", "500", "--seed", "6").get("reliability").get("simulated");
    assertThat(a).isEqualTo(b);
    assertThat(c.get("meanSeconds")).isNotEqualTo(a.get("meanSeconds"));
  }

  @Test
  void imageSamplesSetTheDataBandwidth() {
    JsonNode plain = json().get("storage").get("data");
    JsonNode images = json("--bytes-per-sample", "150KB").get("storage").get("data");
    double sequencesPerSecond = plain.get("tokensPerSecond").asDouble() / 8192;
    assertThat(images.get("bytesPerSecond").asDouble()).isCloseTo(sequencesPerSecond * 150e3, within(1e-6));
  }

  @Test
  void mistakesExitWithTwoAndSayWhatToChange() {
    CliRunner storage = run("--storage", "lustr");
    assertThat(storage.exitCode()).isEqualTo(2);
    assertThat(storage.err()).startsWith("error: ").contains("lustre");
    assertThat(run("--checkpoint-every", "soon").err()).contains("must be a duration such as 1h");
    assertThat(run("--failure-rate", "-1").exitCode()).isEqualTo(2);
    assertThat(run("--checkpoint-mode", "lazy").err()).contains("async, blocking");
    assertThat(run("--restart-time", "-5min").exitCode()).isEqualTo(2);
    assertThat(run("--bytes-per-sample", "big").exitCode()).isEqualTo(2);
    assertThat(run("--stall-budget", "0").exitCode()).isEqualTo(2);
  }
}
