package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** --price reads the same on serve and search serve as on search train: one number, or gpu=usd pairs. */
class PriceOptionTest {
  private static final String[] TRAFFIC = {"--rate", "2", "--duration", "60s", "--input", "200", "--output", "20",
      "--ttft-p99", "2s"};

  private static String[] with(String[] head, String... tail) {
    String[] all = new String[head.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return all;
  }

  @Test
  void serveUsesThePairOfItsGpu() {
    CliRunner r = CliRunner.run(with(with(new String[] {"serve", "--model", "llama-3.1-8b", "--gpu", "h100"},
        TRAFFIC), "--price", "a100-80gb=1.5,h100=3.25", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cost = r.json().get("cost");
    assertThat(cost.get("usdPerGpuHour").asDouble()).isEqualTo(3.25);
    assertThat(cost.get("priceSource").asText()).startsWith("--price (");
  }

  @Test
  void searchServeAcceptsPairsAndCostsEachGpuAtItsPrice() {
    CliRunner r = CliRunner.run(with(with(new String[] {"search", "serve", "--model", "llama-3.1-8b", "--gpu",
        "h100", "--max-tp", "2", "--try-max-num-seqs", "64"}, TRAFFIC), "--price", "h100=3.25", "--json"));
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode cost = r.json().get("ranked").get(0).get("cost");
    assertThat(cost.get("usdPerHour").asDouble()).isCloseTo(3.25 * cost.get("gpus").asInt(), within(1e-9));
  }

  @Test
  void anUnknownGpuInAPairIsAnUnknownNameWithSuggestions() {
    CliRunner r = CliRunner.run(with(with(new String[] {"search", "serve", "--model", "llama-3.1-8b", "--gpu",
        "h100"}, TRAFFIC), "--price", "h10=3"));
    assertThat(r.exitCode()).isEqualTo(Main.USAGE_ERROR);
    assertThat(r.err()).contains("unknown gpu 'h10'").contains("did you mean");
  }
}
