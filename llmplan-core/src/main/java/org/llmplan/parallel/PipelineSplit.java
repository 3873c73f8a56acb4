package org.llmplan.parallel;

/**
 * How Megatron-Core deals a model's layers to pipeline ranks and their virtual stages, at Megatron-LM
 * d98e8a6 (transformer_config.py 2230-2382, transformer_block.get_num_layers_to_build and
 * get_transformer_layer_offset; copied rules in docs/training-time.md):
 *
 * <ul>
 *   <li>even: L / p layers per rank, L / (p v) per virtual stage;
 *   <li>uneven ({@code --decoder-first/last-pipeline-num-layers}): the given counts on the first and last rank,
 *       the rest evenly over the ranks between, each rank's layers split evenly over its v virtual stages;
 *   <li>embedding and loss counted ({@code --account-for-embedding/loss-in-pipeline-split}): the split runs
 *       over L + 1 (+ 1) slots, and the first virtual stage of the first rank (the last of the last rank)
 *       gives one slot to the embedding (the LM head and loss).
 * </ul>
 *
 * Virtual stage (rank r, chunk c) is the (c p + r)-th block of consecutive layers: interleaving deals blocks
 * round-robin over the ranks.
 */
public final class PipelineSplit {
  private PipelineSplit() {}

  /** Layers that pipeline rank {@code rank} holds over all its virtual stages. */
  public static int layersOnRank(int layers, Parallelism p, int rank) {
    if (p.unevenSplit()) {
      if (rank == 0 && p.firstStageLayers() > 0) {
        return p.firstStageLayers();
      }
      if (rank == p.pp() - 1 && p.lastStageLayers() > 0) {
        return p.lastStageLayers();
      }
      return (layers - p.firstStageLayers() - p.lastStageLayers()) / middleRanks(p);
    }
    int perRank = slots(layers, p) / p.pp();
    return perRank - (rank == 0 ? extraOnFirst(p) : 0) - (rank == p.pp() - 1 ? extraOnLast(p) : 0);
  }

  /** Layers in virtual stage {@code chunk} (0 to v - 1) of pipeline rank {@code rank}. */
  public static int layersInVirtualStage(int layers, Parallelism p, int rank, int chunk) {
    if (p.unevenSplit()) {
      return layersOnRank(layers, p, rank) / p.vpp();
    }
    int perStage = slots(layers, p) / (p.pp() * p.vpp());
    boolean first = rank == 0 && chunk == 0;
    boolean last = rank == p.pp() - 1 && chunk == p.vpp() - 1;
    return perStage - (first ? extraOnFirst(p) : 0) - (last ? extraOnLast(p) : 0);
  }

  /** Layer slots the split divides: the layers, plus one each for the embedding and the loss where counted. */
  public static int slots(int layers, Parallelism p) {
    return layers + extraOnFirst(p) + extraOnLast(p);
  }

  /** Ranks between the first and last that share the layers left by an uneven split. */
  static int middleRanks(Parallelism p) {
    return p.pp() - (p.firstStageLayers() > 0 ? 1 : 0) - (p.lastStageLayers() > 0 ? 1 : 0);
  }

  private static int extraOnFirst(Parallelism p) {
    return p.embeddingInSplit() ? 1 : 0;
  }

  private static int extraOnLast(Parallelism p) {
    return p.lossInSplit() ? 1 : 0;
  }
}
