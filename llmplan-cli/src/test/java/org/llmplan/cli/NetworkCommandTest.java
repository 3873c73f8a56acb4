package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.plan.PlanFile;
import org.llmplan.request.TrainingRequest;
import picocli.CommandLine;

class NetworkCommandTest {
  private static final String[] JOB = {"--model", "llama-3.1-70b", "--gpu", "h100", "--gpus", "64", "--tp", "8",
      "--pp", "2", "--seq", "8192", "--distributed-optimizer", "--recompute", "selective", "--sequence-parallel",
      "--global-batch", "128"};

  private static CliRunner run(String command, String... extra) {
    List<String> args = new ArrayList<>(List.of(command));
    args.addAll(List.of(JOB));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void theTextShowsEachDimensionTheLinksAndTheBusiestOne() {
    CliRunner r = run("network");
    // No network keeps the exposed share within the default 10 %: an answer, and it is no.
    assertThat(r.exitCode()).as(r.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).contains("TP/SP", "PP", "DP", "NVLink4", "ib-ndr", "Busiest link: NVLink4")
        .contains("No network keeps exposed communication within 10 %");
  }

  @Test
  void exposedCommunicationIsWhatTrainCharges() {
    JsonNode network = run("network", "--json").json().get("network");
    JsonNode parts = run("train", "--json").json().get("time").get("parts");
    double comm = parts.get("tpCommunication").asDouble() + parts.get("cpCommunication").asDouble()
        + parts.get("epCommunication").asDouble() + parts.get("ppCommunication").asDouble()
        + parts.get("dpCommunication").asDouble();
    assertThat(network.get("exposedSeconds").asDouble()).isCloseTo(comm, within(1e-9));
    assertThat(network.get("busiestLink").asText()).startsWith("NVLink4");
    assertThat(network.get("dimensions").get(0).get("dimension").asText()).isEqualTo("tp");
  }

  @Test
  void aWhatIfComparesAgainstTheJobsOwnNetworkAndFindsTheNicSpeedNeeded() {
    JsonNode j = run("network", "--fabric", "roce-100g", "--nics-per-node", "4", "--oversubscription", "2",
        "--max-exposed-share", "0.25", "--json").json();
    assertThat(j.get("whatIf").asText()).isEqualTo("fabric roce-100g, 4 NICs per node, 2:1 oversubscribed");
    assertThat(j.get("baseline").get("fabric").asText()).isEqualTo("ib-ndr");
    assertThat(j.get("network").get("stepSeconds").asDouble())
        .isGreaterThan(j.get("baseline").get("stepSeconds").asDouble());
    assertThat(j.get("network").get("gbitsPerNic").asDouble()).isEqualTo(50);
    JsonNode t = j.get("threshold");
    assertThat(t.get("verdict").asText()).isEqualTo("found");
    assertThat(t.get("gbitsPerNic").asDouble()).isBetween(1.0, 400.0);
  }

  @Test
  void aSavedPlanGivesTheSameAnswerAsItsOptions(@TempDir Path dir) throws IOException {
    TrainingOptions options = new TrainingOptions();
    new CommandLine(options).parseArgs(JOB);
    TrainingRequest request = options.toRequest();
    Path plan = dir.resolve("plan.json");
    Files.writeString(plan, PlanFile.of(request).toJson());
    CliRunner fromPlan = CliRunner.run("network", "--plan", plan.toString(), "--json");
    assertThat(fromPlan.exitCode()).as(fromPlan.err()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(fromPlan.json().get("network")).isEqualTo(run("network", "--json").json().get("network"));
  }

  @Test
  void mistakesExitWithTwoAndOneLine(@TempDir Path dir) throws IOException {
    CliRunner none = CliRunner.run("network", "--fabric", "ib-ndr");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).startsWith("error: ").contains("--plan");
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"format\": \"other/9\"}");
    CliRunner both = CliRunner.run("network", "--plan", bad.toString(), "--model", "llama-3.1-8b");
    assertThat(both.exitCode()).isEqualTo(2);
    CliRunner badPlan = CliRunner.run("network", "--plan", bad.toString());
    assertThat(badPlan.exitCode()).isEqualTo(2);
    assertThat(badPlan.err()).contains("llmplan-plan/1");
    CliRunner fabric = run("network", "--fabric", "ib-ndx");
    assertThat(fabric.exitCode()).isEqualTo(2);
    assertThat(fabric.err()).contains("ib-ndr");
    CliRunner share = run("network", "--max-exposed-share", "2");
    assertThat(share.exitCode()).isEqualTo(2);
    assertThat(share.err()).contains("max exposed share must be between");
  }
}
