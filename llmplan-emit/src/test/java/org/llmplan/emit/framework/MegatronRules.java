package org.llmplan.emit.framework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks Megatron-LM makes on its arguments (megatron/training/arguments.py validate_args and
 * megatron/core/parallel_state.py at d98e8a6), restated independently of the emitter: given the flags and the
 * world size, the problems Megatron would raise. An empty list means Megatron accepts the arguments.
 */
public final class MegatronRules {
  private final Map<String, String> flags = new LinkedHashMap<>();

  public MegatronRules(List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("value without a flag: " + a);
      }
      boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      if (flags.put(a, hasValue ? args.get(++i) : "true") != null) {
        throw new IllegalArgumentException("flag given twice: " + a);
      }
    }
  }

  String get(String flag) {
    return flags.get(flag);
  }

  private int num(String flag, int fallback) {
    String v = flags.get(flag);
    return v == null ? fallback : Integer.parseInt(v);
  }

  public List<String> problems(int worldSize) {
    List<String> p = new ArrayList<>();
    int tp = num("--tensor-model-parallel-size", 1);
    int pp = num("--pipeline-model-parallel-size", 1);
    int cp = num("--context-parallel-size", 1);
    int ep = num("--expert-model-parallel-size", 1);
    int etp = num("--expert-tensor-parallel-size", tp);
    int layers = num("--num-layers", 0);
    int heads = num("--num-attention-heads", 0);
    int mbs = num("--micro-batch-size", 1);
    if (flags.containsKey("--virtual-pipeline-model-parallel-size")) {
      p.add("--virtual-pipeline-model-parallel-size is not a command-line flag");
    }
    if (worldSize % (tp * pp * cp) != 0) {
      p.add("world size not divisible by TP x PP x CP");
      return p;
    }
    int dp = worldSize / (tp * pp * cp);
    if (worldSize % (etp * ep * pp) != 0) {
      p.add("world size not divisible by ETP x EP x PP");
    }
    if (flags.containsKey("--num-experts") && num("--num-experts", 0) % ep != 0) {
      p.add("experts not divisible by EP");
    }
    if (ep > 1 && !flags.containsKey("--num-experts")) {
      p.add("EP without experts");
    }
    int gbs = num("--global-batch-size", mbs * dp);
    if (gbs % (mbs * dp) != 0) {
      p.add("global batch not divisible by micro-batch x DP");
    }
    boolean uneven = flags.containsKey("--decoder-first-pipeline-num-layers")
        || flags.containsKey("--decoder-last-pipeline-num-layers");
    if (!uneven && layers % pp != 0) {
      p.add("layers not divisible by PP");
    }
    if (flags.containsKey("--num-layers-per-virtual-pipeline-stage")) {
      int perStage = num("--num-layers-per-virtual-pipeline-stage", 1);
      if (pp < 2 || (layers / pp) % perStage != 0) {
        p.add("virtual stages need PP > 1 and layers per stage dividing layers / PP");
      }
      if (uneven) {
        p.add("virtual stages with an uneven split");
      }
    }
    if (heads % tp != 0) {
      p.add("heads not divisible by TP");
    }
    if (flags.containsKey("--group-query-attention")) {
      int groups = num("--num-query-groups", 1);
      if (groups % tp != 0 && tp % groups != 0) {
        p.add("query groups neither a multiple nor a divisor of TP");
      }
    }
    if (!flags.containsKey("--kv-channels") && !flags.containsKey("--multi-latent-attention")
        && num("--hidden-size", 0) % heads != 0) {
      p.add("hidden not divisible by heads without --kv-channels");
    }
    if (flags.containsKey("--sequence-parallel") && tp == 1) {
      p.add("--sequence-parallel with TP 1");
    }
    if (cp > 1 && num("--seq-length", 0) % (2 * cp) != 0) {
      p.add("sequence not divisible by 2 x CP");
    }
    String recompute = flags.get("--recompute-granularity");
    if ("full".equals(recompute) && (!flags.containsKey("--recompute-method")
        || num("--recompute-num-layers", 0) < 1 || num("--recompute-num-layers", 0) > layers / pp)) {
      p.add("full recompute needs a method and 1..layers/PP layers");
    }
    if ("selective".equals(recompute) && flags.containsKey("--recompute-num-layers")) {
      p.add("selective recompute with --recompute-num-layers");
    }
    if (flags.containsKey("--overlap-param-gather") && !(flags.containsKey("--use-distributed-optimizer")
        && flags.containsKey("--overlap-grad-reduce"))) {
      p.add("--overlap-param-gather needs the distributed optimizer and --overlap-grad-reduce");
    }
    if (flags.containsKey("--bf16") && flags.containsKey("--fp16")) {
      p.add("--bf16 and --fp16 together");
    }
    if (num("--max-position-embeddings", 0) < num("--seq-length", 0)) {
      p.add("sequence longer than the position embeddings");
    }
    return p;
  }
}
