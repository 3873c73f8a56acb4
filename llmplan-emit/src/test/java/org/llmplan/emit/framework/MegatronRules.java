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
    p.addAll(pipelineProblems(layers, pp));
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

  /**
   * The pipeline split rules, by their megatron-lm.json constraint ids (arguments.py 929-1006,
   * transformer_config.py 2230-2382, parallel_state.py 830).
   */
  private List<String> pipelineProblems(int layers, int pp) {
    List<String> p = new ArrayList<>();
    boolean uneven = flags.containsKey("--decoder-first-pipeline-num-layers")
        || flags.containsKey("--decoder-last-pipeline-num-layers");
    int extras = (flags.containsKey("--account-for-embedding-in-pipeline-split") ? 1 : 0)
        + (flags.containsKey("--account-for-loss-in-pipeline-split") ? 1 : 0);
    boolean perStage = flags.containsKey("--num-layers-per-virtual-pipeline-stage");
    boolean stages = flags.containsKey("--num-virtual-stages-per-pipeline-rank");
    if ((perStage ? 1 : 0) + (stages ? 1 : 0) + (flags.containsKey("--pipeline-model-parallel-layout") ? 1 : 0) > 1) {
      p.add("vpp_selectors_exclusive");
    }
    if (uneven && perStage) {
      p.add("uneven_needs_vstages_flag");
    }
    if (uneven && extras > 0) {
      p.add("first_last_vs_account");
    }
    int vpp = stages ? num("--num-virtual-stages-per-pipeline-rank", 1) : 1;
    if (!uneven && (layers + extras) % pp != 0) {
      p.add("layers_div_pp: (layers + embedding + loss) not divisible by PP");
      return p;
    }
    if (perStage) {
      int perRank = (layers + extras) / pp;
      int perVirtual = num("--num-layers-per-virtual-pipeline-stage", 1);
      if (perRank % perVirtual != 0) {
        p.add("vpp_stage_div_vlayers");
      }
      vpp = perRank / Math.max(1, perVirtual);
    }
    if (vpp > 1 && pp < 2) {
      p.add("vpp_needs_pp_gt1_ps");
    }
    if (uneven) {
      int first = num("--decoder-first-pipeline-num-layers", 0);
      int last = num("--decoder-last-pipeline-num-layers", 0);
      int middle = pp - (first > 0 ? 1 : 0) - (last > 0 ? 1 : 0);
      int rest = layers - first - last;
      if (first % vpp != 0) {
        p.add("uneven_first_div_vpp");
      }
      if (last % vpp != 0) {
        p.add("uneven_last_div_vpp");
      }
      if (middle == 0 ? rest != 0 : rest <= 0 || rest % middle != 0 || rest / middle % vpp != 0) {
        p.add("uneven_middle_div_vpp: the layers left do not split evenly over the middle ranks' virtual stages");
      }
    } else if (extras > 0 && (layers + extras) / pp % vpp != 0) {
      p.add("account_split_div");
    }
    return p;
  }
}
