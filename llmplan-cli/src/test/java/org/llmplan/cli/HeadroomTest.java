package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A plan fits only when it leaves the framework's memory margin free (5 % by default, --headroom to change):
 * the verdict says so and the search never ranks a plan inside the margin.
 */
class HeadroomTest {
  // Llama-3.1-8B with ZeRO-3 on 8 H100 at micro-batch 3 and seq 4352 needs 78.59 GiB of the 80 (98 %): above
  // the 76 GiB a 5 % margin leaves, below the GPU.
  private static final String[] NEAR_FULL = {"memory", "train", "--model", "llama-3.1-8b", "--gpu", "h100",
      "--gpus", "8", "--framework", "deepspeed", "--zero", "3", "--seq", "4352", "--micro-batch", "3",
      "--recompute", "selective", "--json"};

  private static String[] with(String... tail) {
    String[] all = new String[NEAR_FULL.length + tail.length];
    System.arraycopy(NEAR_FULL, 0, all, 0, NEAR_FULL.length);
    System.arraycopy(tail, 0, all, NEAR_FULL.length, tail.length);
    return all;
  }

  @Test
  void aPlanInsideTheMarginDoesNotFitAndASmallerMarginLetsItFit() {
    CliRunner r = CliRunner.run(NEAR_FULL);
    double total = r.json().get("totalBytes").asDouble();
    double capacity = r.json().get("capacityBytes").asDouble();
    assertThat(total / capacity).as("the case must sit between 95 and 100 % of memory").isBetween(0.95, 1.0);
    assertThat(r.json().get("marginBytes").asDouble()).isEqualTo(0.05 * capacity);
    assertThat(r.json().get("fits").asBoolean()).isFalse();
    assertThat(r.exitCode()).isEqualTo(Main.ANSWER_IS_NO);
    CliRunner loose = CliRunner.run(with("--headroom", "1%"));
    assertThat(loose.json().get("fits").asBoolean()).isTrue();
    assertThat(loose.exitCode()).isZero();
    assertThat(loose.json().get("marginBytes").asDouble()).isEqualTo(0.01 * capacity);
  }

  @Test
  void theVerdictNamesTheMargin() {
    String[] text = java.util.Arrays.copyOf(NEAR_FULL, NEAR_FULL.length - 1);
    CliRunner r = CliRunner.run(text);
    assertThat(r.out()).contains("Verdict: does NOT fit").contains("2.59 GiB into the 4.00 GiB margin (5 %; --headroom)");
  }

  @Test
  void aHeadroomOutOfRangeIsRefused() {
    CliRunner r = CliRunner.run(with("--headroom", "0.8"));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("headroom");
  }

  @Test
  void theSearchRanksNoPlanInsideTheMargin() {
    CliRunner r = CliRunner.run("search", "train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8",
        "--tokens", "1T", "--seq", "8192", "--top", "50", "--json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    r.json().get("plans").forEach(p -> assertThat(p.get("memoryBytes").asDouble()
        / p.get("capacityBytes").asDouble()).isLessThanOrEqualTo(0.95));
  }
}
