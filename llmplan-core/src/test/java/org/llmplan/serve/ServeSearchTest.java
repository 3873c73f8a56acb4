package org.llmplan.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.InferenceRequest;
import org.llmplan.serving.Capacity;
import org.llmplan.serving.Requests;

class ServeSearchTest {
  private static final Catalog CATALOG = Catalog.embedded();

  /** The best plan is never beaten on cost, and every plan's replicas carry the rate at its capacity. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "llama-3.1-8b|h100,a100-80gb|30|lognormal:1000,0.5|200|2s|50ms",
      "llama-3.1-8b|h100|120|uniform:200-2000|uniform:50-400|1s|",
      "qwen2.5-14b|a100-80gb|10|2000|300||40ms"})
  void theBestIsNeverBeatenOnCostByAnyCandidateThatMeetsTheTargets(String model, String gpus, String rate,
      String input, String output, String ttft, String tpot) {
    ServeRequest base = ServeRequest.builder().deployment(InferenceRequest.of(model, gpus)).input(input)
        .output(output).rate(rate).seed(7L).ttftP99(ttft).tpotP99(tpot).build();
    ServeSearchResult result = new ServeSearch(CATALOG, Requests.MAX_COUNT)
        .search(new ServeSearchRequest(base, 2, List.of(64, 256), 3, false));
    assertThat(result.ranked()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
    ServeCandidate best = result.ranked().get(0);
    for (ServeCandidate c : result.evaluated()) {
      if (!c.meets()) {
        assertThat(c.cost()).isNull();
        continue;
      }
      assertThat(c.cost().usdPerHour()).isGreaterThanOrEqualTo(best.cost().usdPerHour());
      double capacity = ((Capacity.Sustained) c.capacity()).maxRatePerSecond();
      assertThat(c.cost().replicas() * capacity).isGreaterThanOrEqualTo(Double.parseDouble(rate) * (1 - 1e-9));
      assertThat((c.cost().replicas() - 1) * capacity).isLessThan(Double.parseDouble(rate));
    }
    assertThat(result.evaluated()).hasSize(gpus.split(",").length * 2 * 2 * 2);
  }

  @Test
  void anMoeModelIsSearchedOverTpTpWithEpAndAttentionDataParallelAndXpyDSplits() {
    ServeRequest base = ServeRequest.builder().deployment(InferenceRequest.of("qwen3-30b-a3b", "h100"))
        .input("1000").output("200").rate("5").seed(7L).ttftP99("2s").build();
    ServeSearchResult result = new ServeSearch(CATALOG, 2_000)
        .search(new ServeSearchRequest(base, 2, List.of(64), 3, true));
    List<String> labels = result.evaluated().stream().map(ServeCandidate::label).toList();
    // TP1 once, TP2 in three MoE layouts; each aggregated and split 1:1, 1:2, 2:1; two precisions
    assertThat(labels).hasSize((1 + 3) * 4 * 2)
        .anyMatch(l -> l.startsWith("h100-sxm TP2 bf16")).anyMatch(l -> l.startsWith("h100-sxm TP2 EP2 fp8"))
        .anyMatch(l -> l.startsWith("h100-sxm DP2-attention EP2 fp8")).anyMatch(l -> l.endsWith("disaggregated 2:1"));
    assertThat(result.evaluated().stream().filter(c -> "1:2".equals(c.disaggregated())))
        .allMatch(c -> c.gpus() % 3 == 0);
  }
}
