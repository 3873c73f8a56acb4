package org.llmplan.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.llmplan.parallel.Parallelism;

/**
 * The ways to split a model's layers over PP pipeline stages that the search explores, each with the virtual
 * stages it allows (the rules are LayoutRules', after Megatron's transformer_config.py):
 *
 * <ul>
 *   <li>the even split when PP divides the layers, with every v that divides the layers of a stage;
 *   <li>Megatron's uneven splits, where the first and/or last stage holds fewer layers than each stage between
 *       (lightening the stage that also holds the embedding and the most in-flight micro-batches, or the LM head
 *       and loss; a heavier end would only slow the pace and raise memory), with every v that divides the end
 *       stages' and the middle stages' layers;
 *   <li>the embedding and/or loss counted as a layer of the split, with v above 1 only: at v = 1 it deals the
 *       same layers as the uneven split one layer lighter at that end, which is already listed.
 * </ul>
 *
 * Each split is written once: an end with as many layers as the middle stages is the even part of the split.
 */
final class PipelineSplits {
  /** Splits by layers and PP: the same few are asked for by every GPU count of a search. */
  private static final Map<Long, List<Split>> SPLITS = new ConcurrentHashMap<>();

  private PipelineSplits() {}

  /** One split: the first and last stage layers (0 = as the middle), what it counts, its virtual stages. */
  record Split(int first, int last, boolean embedding, boolean loss, List<Integer> virtualStages) {
    boolean uneven() {
      return first > 0 || last > 0;
    }

    /** {@code p} with this split and {@code vpp} virtual stages. */
    Parallelism.Builder applyTo(Parallelism.Builder p, int vpp) {
      return p.vpp(vpp).firstStageLayers(first).lastStageLayers(last).embeddingInSplit(embedding).lossInSplit(loss);
    }
  }

  static List<Split> of(int layers, int pp) {
    return SPLITS.computeIfAbsent((long) layers << 32 | pp, key -> splits(layers, pp));
  }

  private static List<Split> splits(int layers, int pp) {
    List<Split> splits = new ArrayList<>();
    if (layers % pp == 0) {
      splits.add(new Split(0, 0, false, false, virtualStages(pp < 2 ? 1 : layers / pp, true)));
    }
    if (pp < 2) {
      return splits;
    }
    for (int first = 0; first < layers; first++) {
      for (int last = 0; last < layers; last++) {
        int middle = pp - (first > 0 ? 1 : 0) - (last > 0 ? 1 : 0);
        int rest = layers - first - last;
        if ((first == 0 && last == 0) || middle == 0 || rest <= 0 || rest % middle != 0) {
          continue;
        }
        int perStage = rest / middle;
        if (first < perStage && last < perStage) {
          splits.add(new Split(first, last, false, false, virtualStages(gcd(gcd(first, last), perStage), true)));
        }
      }
    }
    for (int counted = 1; counted <= 3; counted++) {
      boolean embedding = (counted & 1) != 0;
      boolean loss = (counted & 2) != 0;
      int slots = layers + (embedding ? 1 : 0) + (loss ? 1 : 0);
      List<Integer> virtual = slots % pp == 0 ? virtualStages(slots / pp, false) : List.of();
      if (!virtual.isEmpty()) {
        splits.add(new Split(0, 0, embedding, loss, virtual));
      }
    }
    return splits;
  }

  /** The virtual stages that divide {@code layersPerStage}: 1 (plain 1F1B) where asked, and every divisor above. */
  private static List<Integer> virtualStages(int layersPerStage, boolean withOne) {
    List<Integer> stages = new ArrayList<>();
    for (int v : LayoutSpace.divisors(layersPerStage)) {
      if (v > 1 || withOne) {
        stages.add(v);
      }
    }
    return List.copyOf(stages);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
