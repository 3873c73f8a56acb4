package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An infeasible search says which other framework finds a plan, and that suggestion does find one. */
class SearchAlternativesTest {
  @Test
  void llama8bOnOneH100IsInfeasibleUnderMegatronAndDeepSpeedFindsAPlan() {
    CliRunner r = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "1",
        "--tokens", "1T");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO); // under megatron, the framework asked for
    assertThat(r.out()).contains("No plan meets the request:").contains("Other frameworks find a plan");
    String deepspeed = r.out().lines().filter(l -> l.startsWith("deepspeed ")).findFirst().orElseThrow();
    assertThat(deepspeed).contains("1 x h100-sxm").contains("offload").endsWith("--framework deepspeed");
    assertThat(r.out()).doesNotContain("\nmegatron ");
    CliRunner followed = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "1",
        "--tokens", "1T", "--framework", "deepspeed", "--top", "1");
    assertThat(followed.exitCode()).as(followed.err()).isZero();
  }

  @Test
  void theJsonOfAnInfeasibleSearchListsTheAlternativesAndEachOneFits() {
    CliRunner r = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "1",
        "--tokens", "1T", "--json");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    JsonNode j = r.json();
    assertThat(j.path("feasible").asBoolean()).isFalse();
    assertThat(j.path("plans").size()).isZero();
    List<String> frameworks = j.path("alternatives").findValuesAsText("framework");
    assertThat(frameworks).contains("deepspeed").doesNotContain("megatron");
    for (JsonNode a : j.path("alternatives")) {
      JsonNode plan = a.path("plan");
      assertThat(a.path("option").asText()).isEqualTo("--framework " + a.path("framework").asText());
      assertThat(plan.path("gpus").asInt()).isEqualTo(1);
      // what the alternative proposes must fit: its peak is within the GPU's capacity
      assertThat(plan.path("memoryBytes").asDouble()).isLessThanOrEqualTo(plan.path("capacityBytes").asDouble());
      assertThat(plan.path("request").path("framework").asText())
          .isEqualTo(a.path("framework").asText());
    }
  }

  @Test
  void aFeasibleSearchHasNoAlternativesInItsJson() {
    CliRunner r = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8",
        "--tokens", "1T", "--top", "1", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.json().has("alternatives")).isFalse();
  }

  @Test
  void aDeadlineNothingMeetsIsNotAMemoryProblemAndListsNoFrameworks() {
    CliRunner r = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8",
        "--tokens", "1T", "--deadline", "1h");
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    assertThat(r.out()).doesNotContain("Other frameworks").doesNotContain("No other framework");
  }
}
