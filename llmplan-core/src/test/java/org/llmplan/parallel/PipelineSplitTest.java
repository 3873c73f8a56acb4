package org.llmplan.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Megatron-Core's layer dealing, worked by hand from transformer_block.get_num_layers_to_build and
 * get_transformer_layer_offset (Megatron-LM d98e8a6).
 */
class PipelineSplitTest {
  private static Parallelism counted(int pp, int vpp) {
    return Parallelism.builder().pp(pp).vpp(vpp).embeddingInSplit(true).lossInSplit(true).build();
  }

  @Test
  void llama405bOver8RanksOf8VirtualStagesWithEmbeddingAndLossCounted() {
    // (126 + 2) / 8 = 16 slots per rank, 2 per virtual stage; the embedding and the loss take one slot each.
    Parallelism p = counted(8, 8);
    assertThat(PipelineSplit.slots(126, p)).isEqualTo(128);
    int total = 0;
    for (int rank = 0; rank < 8; rank++) {
      int layers = PipelineSplit.layersOnRank(126, p, rank);
      assertThat(layers).isEqualTo(rank == 0 || rank == 7 ? 15 : 16);
      int chunks = 0;
      for (int chunk = 0; chunk < 8; chunk++) {
        chunks += PipelineSplit.layersInVirtualStage(126, p, rank, chunk);
      }
      assertThat(chunks).isEqualTo(layers);
      total += layers;
    }
    assertThat(total).isEqualTo(126);
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 0, 0)).isEqualTo(1);
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 7, 7)).isEqualTo(1);
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 7, 0)).isEqualTo(2);
  }

  @Test
  void qwen3With94LayersOver8RanksOf4VirtualStages() {
    // (94 + 2) / 8 = 12 per rank, 3 per virtual stage: the ends hold 11 layers, the ranks between 12.
    Parallelism p = counted(8, 4);
    assertThat(PipelineSplit.layersOnRank(94, p, 0)).isEqualTo(11);
    assertThat(PipelineSplit.layersOnRank(94, p, 3)).isEqualTo(12);
    assertThat(PipelineSplit.layersOnRank(94, p, 7)).isEqualTo(11);
  }

  @Test
  void unevenEndsWithVirtualStagesSplitEachRankEvenly() {
    // 126 = 2 + 6 x 20 + 4 over PP 8, v = 2: first rank 1 + 1, middle 10 + 10, last 2 + 2.
    Parallelism p = Parallelism.builder().pp(8).vpp(2).firstStageLayers(2).lastStageLayers(4).build();
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 0, 1)).isEqualTo(1);
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 3, 0)).isEqualTo(10);
    assertThat(PipelineSplit.layersInVirtualStage(126, p, 7, 1)).isEqualTo(2);
  }

  @Test
  void onlyTheLossCountedLightensTheLastRankAlone() {
    Parallelism p = Parallelism.builder().pp(4).lossInSplit(true).build();
    // (31 + 1) / 4 = 8: 8, 8, 8, 7
    assertThat(PipelineSplit.layersOnRank(31, p, 0)).isEqualTo(8);
    assertThat(PipelineSplit.layersOnRank(31, p, 3)).isEqualTo(7);
    assertThat(p.label()).contains("PP4(+loss)");
  }
}
