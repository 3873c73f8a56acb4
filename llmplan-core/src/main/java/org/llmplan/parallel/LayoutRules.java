package org.llmplan.parallel;

import org.llmplan.error.InvalidLayoutException;
import org.llmplan.model.ModelSpec;

/**
 * The divisibility rules a layout must obey, as Megatron-LM checks them (megatron/training/arguments.py and
 * the column/row-parallel layers): each message names the rule and what to change.
 */
public final class LayoutRules {
  private LayoutRules() {}

  /**
   * Megatron's uneven split (transformer_config.py 2304-2358): first and last stage layers divide by the
   * virtual stages, the rest divides evenly over the middle stages and, per rank, by the virtual stages.
   */
  private static void checkUnevenSplit(ModelSpec m, Parallelism p) {
    if (p.pp() < 2) {
      throw new InvalidLayoutException("first/last stage layer counts need PP of at least 2");
    }
    if (p.embeddingInSplit() || p.lossInSplit()) {
      throw new InvalidLayoutException("first/last stage layer counts cannot be combined with counting the "
          + "embedding or loss in the split (Megatron refuses both); use one or the other");
    }
    int v = p.vpp();
    if (p.firstStageLayers() % v != 0 || p.lastStageLayers() % v != 0) {
      throw new InvalidLayoutException("first and last stage layers (" + p.firstStageLayers() + ", "
          + p.lastStageLayers() + ") must be divisible by the " + v + " virtual stages");
    }
    int rest = m.layers() - p.firstStageLayers() - p.lastStageLayers();
    int middle = PipelineSplit.middleRanks(p);
    if (rest < 0 || (middle == 0 ? rest != 0 : rest == 0 || rest % middle != 0)) {
      throw new InvalidLayoutException("the " + rest + " layers left after the first and last stages must divide "
          + "evenly over the " + middle + " other stages of " + m.name() + " (" + m.layers() + " layers)");
    }
    if (middle > 0 && rest / middle % v != 0) {
      throw new InvalidLayoutException("the " + rest / middle + " layers of each middle stage must be divisible by "
          + "the " + v + " virtual stages; change --vpp or the first/last stage layers");
    }
  }

  /**
   * The split over L layers, or L + 1 (+ 1) slots when the embedding (and loss) count as layers
   * (arguments.py 969-998, transformer_config.py 2382): slots divide by PP, each rank's by the virtual stages.
   */
  private static void checkEvenSplit(ModelSpec m, Parallelism p) {
    int slots = PipelineSplit.slots(m.layers(), p);
    boolean counted = slots != m.layers();
    if (slots % (p.pp() * p.vpp()) != 0) {
      String what = p.vpp() > 1 ? "PP x virtual stages = " + p.pp() * p.vpp() : "PP " + p.pp();
      String of = counted ? "layers + embedding/loss " + slots : "layers " + m.layers();
      throw new InvalidLayoutException(of + " of " + m.name() + " are not divisible by " + what
          + "; choose a PP that divides " + slots + (counted ? "" : ", or count the embedding and loss in the split"
          + " (--embedding-in-split, --loss-in-split) or give the first/last stage layers"));
    }
  }

  public static void check(ModelSpec m, Parallelism p, int gpus, int seq, int globalBatch) {
    checkGpuCount(p, gpus);
    checkTensorParallel(m, p);
    checkPipeline(m, p);
    if (p.cp() > 1 && seq % (2 * p.cp()) != 0) {
      throw new InvalidLayoutException("sequence length " + seq + " must be divisible by 2 x CP = " + 2 * p.cp()
          + " (Megatron splits each sequence into 2 x CP load-balanced chunks)");
    }
    if (p.ep() > 1) {
      checkExpertParallel(m, p);
    }
    checkSharding(p);
    checkBatch(p, globalBatch);
  }

  private static void checkGpuCount(Parallelism p, int gpus) {
    long layoutGpus = (long) p.tp() * p.pp() * p.dp() * p.cp();
    if (layoutGpus != gpus) {
      throw new InvalidLayoutException("GPUs " + gpus + " must equal TP x PP x DP x CP = " + p.tp() + " x " + p.pp()
          + " x " + p.dp() + " x " + p.cp() + " = " + layoutGpus + "; change the GPU count or the layout");
    }
  }

  /** Heads, KV heads and the FFN widths split evenly across the TP ranks (the column/row-parallel layers). */
  private static void checkTensorParallel(ModelSpec m, Parallelism p) {
    if (m.heads() % p.tp() != 0) {
      throw new InvalidLayoutException("attention heads " + m.heads() + " of " + m.name()
          + " are not divisible by TP " + p.tp() + "; choose a TP that divides " + m.heads());
    }
    if (m.mla() == null && m.kvHeads() % p.tp() != 0) {
      throw new InvalidLayoutException("KV heads " + m.kvHeads() + " of " + m.name() + " are not divisible by TP "
          + p.tp() + " (Megatron requires num_query_groups % TP == 0); choose a TP that divides " + m.kvHeads());
    }
    if (m.denseLayers() > 0 && m.ffn() % p.tp() != 0) {
      throw new InvalidLayoutException("FFN width " + m.ffn() + " is not divisible by TP " + p.tp());
    }
    if (m.isMoe() && m.moe().expertFfn() % p.tp() != 0) {
      throw new InvalidLayoutException("expert FFN width " + m.moe().expertFfn() + " is not divisible by TP "
          + p.tp() + " (experts split across TP ranks)");
    }
  }

  /** The layers split over the stages (evenly, or Megatron's uneven split); virtual stages need a pipeline. */
  private static void checkPipeline(ModelSpec m, Parallelism p) {
    if (p.unevenSplit()) {
      checkUnevenSplit(m, p);
    } else {
      checkEvenSplit(m, p);
    }
    if (p.vpp() > 1 && p.pp() < 2) {
      throw new InvalidLayoutException("virtual pipeline stages need PP of at least 2; drop --vpp or raise --pp");
    }
  }

  private static void checkExpertParallel(ModelSpec m, Parallelism p) {
    if (!m.isMoe()) {
      throw new InvalidLayoutException("expert parallelism needs an MoE model; " + m.name() + " is dense, use --ep 1");
    }
    if (m.moe().experts() % p.ep() != 0) {
      throw new InvalidLayoutException("experts " + m.moe().experts() + " are not divisible by EP " + p.ep());
    }
    if ((p.tp() * p.denseDataParallel()) % p.ep() != 0) {
      throw new InvalidLayoutException("EP " + p.ep() + " must divide TP x DP x CP = " + p.tp() * p.denseDataParallel()
          + " (expert-parallel groups are carved out of the data-parallel ranks, or folded over the tensor-parallel "
          + "ranks too with expert TP 1)");
    }
    if (p.expertTensorParallel() == 1 && p.tp() > 1 && !p.effectiveSequenceParallel()) {
      throw new InvalidLayoutException("EP " + p.ep() + " folded over TP " + p.tp() + " needs sequence parallelism "
          + "(each TP rank dispatches its own tokens); add --sequence-parallel");
    }
  }

  private static void checkSharding(Parallelism p) {
    if (p.sharding() == Sharding.FSDP_HYBRID && p.shardGroup() > 0 && p.dp() % p.shardGroup() != 0) {
      throw new InvalidLayoutException("hybrid shard group " + p.shardGroup() + " must divide DP " + p.dp());
    }
    if (p.offloadParameters() != OffloadTarget.NONE && !p.sharding().shardsParameters()) {
      throw new InvalidLayoutException("parameter offload needs ZeRO-3 or FSDP full/hybrid sharding; add --zero 3 "
          + "or --fsdp full");
    }
  }

  /** The global batch splits into whole micro-batches per data-parallel rank, as the schedule needs them. */
  private static void checkBatch(Parallelism p, int globalBatch) {
    long perStep = (long) p.microBatch() * p.dp();
    if (globalBatch % perStep != 0) {
      throw new InvalidLayoutException("global batch " + globalBatch + " is not divisible by micro-batch x DP = "
          + p.microBatch() + " x " + p.dp() + " = " + perStep);
    }
    long microBatches = globalBatch / perStep;
    if (p.vpp() > 1 && microBatches % p.pp() != 0) {
      throw new InvalidLayoutException("the interleaved schedule needs micro-batches per step (" + microBatches
          + ") divisible by PP " + p.pp() + "; change --global-batch or --micro-batch");
    }
  }
}
