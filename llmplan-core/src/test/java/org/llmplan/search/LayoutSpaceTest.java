package org.llmplan.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayoutSpaceTest {
  private static List<List<Integer>> splits(int layers, int pp) {
    return PipelineSplits.of(layers, pp).stream().filter(s -> !s.embedding() && !s.loss())
        .map(s -> List.of(s.first(), s.last())).toList();
  }

  @Test
  void unevenSplitsLightenTheEndStagesOnly() {
    // 24 layers on 2 stages: even 12/12, or a first (or last) stage lighter than the other.
    assertThat(splits(24, 2)).contains(List.of(0, 0), List.of(11, 0), List.of(1, 0), List.of(0, 11))
        .doesNotContain(List.of(12, 0), List.of(13, 0), List.of(12, 12));
    assertThat(splits(24, 2)).hasSize(1 + 11 + 11);
    // 10 layers on 4 stages cannot split evenly: 1+3+3+3, 3+3+3+1, 1+4+4+1 or 2+3+3+2 (never 1+3+3+3 written as
    // a last stage of 3, which is the middle count).
    assertThat(splits(10, 4)).containsExactlyInAnyOrder(List.of(1, 0), List.of(0, 1), List.of(1, 1), List.of(2, 2));
    for (List<Integer> split : splits(10, 4)) {
      int middle = 4 - (split.get(0) > 0 ? 1 : 0) - (split.get(1) > 0 ? 1 : 0);
      int perStage = (10 - split.get(0) - split.get(1)) / middle;
      assertThat((10 - split.get(0) - split.get(1)) % middle).isZero();
      assertThat(split.get(0)).isLessThan(perStage);
      assertThat(split.get(1)).isLessThan(perStage);
    }
    assertThat(splits(10, 1)).containsExactly(List.of(0, 0)); // one stage holds them all
  }

  @Test
  void llama405bGetsThePublishedSplitOf126LayersOver8StagesOf8VirtualStages() {
    // Megatron-Bridge's Llama 3.1 405B runs: PP 8 x VP 8 with embedding and loss counted, (126 + 2) / 64 = 2 each
    PipelineSplits.Split counted = PipelineSplits.of(126, 8).stream().filter(s -> s.embedding() && s.loss())
        .findFirst().orElseThrow();
    assertThat(counted.virtualStages()).containsExactly(2, 4, 8, 16);
    // uneven splits with virtual stages: 6 + 6 x 19 + 6 allows only v = 1, 2 + 6 x 20 + 4 allows v = 2
    assertThat(PipelineSplits.of(126, 8)).anyMatch(s -> s.first() == 2 && s.last() == 4
        && s.virtualStages().equals(List.of(1, 2)));
    assertThat(PipelineSplits.of(126, 8)).anyMatch(s -> s.first() == 6 && s.last() == 6
        && s.virtualStages().equals(List.of(1)));
    for (PipelineSplits.Split s : PipelineSplits.of(126, 8)) {
      if (s.uneven()) {
        int middle = 8 - (s.first() > 0 ? 1 : 0) - (s.last() > 0 ? 1 : 0);
        int perStage = (126 - s.first() - s.last()) / middle;
        for (int v : s.virtualStages()) {
          assertThat(s.first() % v + s.last() % v + perStage % v).isZero();
        }
      }
    }
    // at 24 layers on 2 stages the even split already allows v; counted splits only come with v above 1
    assertThat(PipelineSplits.of(24, 2)).filteredOn(s -> s.embedding() || s.loss())
        .allMatch(s -> !s.virtualStages().contains(1)).hasSize(1);
  }

  @Test
  void tensorParallelismStaysOnTheScaleUpLink() {
    GpuOption pcie = SearchRequests.of("llama-3.2-1b", "h100-pcie").gpus(8).resolve().options().get(0);
    GpuOption sxm = SearchRequests.of("llama-3.2-1b", "h100").gpus(8).resolve().options().get(0);
    assertThat(new LayoutSpace(pcie.base(), 8).shapes()).allMatch(s -> s.tp() == 1);
    assertThat(new LayoutSpace(sxm.base(), 8).shapes()).anyMatch(s -> s.tp() == 8);
  }

  @Test
  void gpuCountsWithALegalLayoutAreProductsOfLegalSizes() {
    GpuOption gpt3 = SearchRequests.of("gpt3-175b", "a100-80gb").gpus(8).batch(2048, 64).resolve().options().get(0);
    var counts = LayoutSpace.legalCounts(gpt3.base(), 8, 64);
    assertThat(counts).contains(16, 24, 32, 40, 48, 64).doesNotContain(8);
    assertThat(counts.first()).isGreaterThan(8);
    assertThat(counts.last()).isLessThanOrEqualTo(64);
  }
}
