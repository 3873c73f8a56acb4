package org.llmplan.emit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Megatron-LM's argparse flags at d98e8a6 (megatron-lm.json "flags"): every flag an emitted command passes must
 * exist, not be deprecated, get a value exactly when its action takes one, and a value its type and choices
 * accept. Values that are shell references (${DATA_PATH}) are checked for presence only.
 */
public final class MegatronManifest {
  private static final Manifest MANIFEST = Manifest.load("megatron-lm.json");
  private static final Map<String, JsonNode> FLAGS = new HashMap<>();

  static {
    for (JsonNode row : MANIFEST.rows("flags")) {
      for (String name : row.path("flags").asText().split("\\|")) {
        FLAGS.put(name, row);
      }
    }
  }

  private MegatronManifest() {}

  public static Manifest manifest() {
    return MANIFEST;
  }

  /** The problems Megatron's parser would find in {@code args}; empty when it accepts every flag. */
  public static List<String> problems(List<String> args) {
    List<String> p = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      JsonNode row = FLAGS.get(flag);
      if (row == null) {
        p.add(flag + ": not a Megatron-LM flag at d98e8a6" + (flag.startsWith("--") ? "" : " (a value without a flag)"));
        continue;
      }
      if (!row.path("deprecated").asText().isEmpty()) {
        p.add(flag + ": deprecated (" + row.path("deprecated").asText() + ")");
      }
      String action = row.path("action").asText();
      boolean takesValue = action.equals("Store");
      boolean next = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      if (takesValue != next) {
        p.add(flag + (takesValue ? ": needs a value" : ": takes no value (" + action + ")"));
        continue;
      }
      if (takesValue) {
        String nargs = row.path("nargs").asText();
        do {
          check(flag, row, args.get(++i), p);
        } while (("+".equals(nargs) || "*".equals(nargs)) && i + 1 < args.size() && !args.get(i + 1).startsWith("--"));
      }
    }
    return p;
  }

  private static void check(String flag, JsonNode row, String value, List<String> p) {
    if (value.startsWith("${")) {
      return;
    }
    JsonNode choices = row.path("choices");
    if (choices.isArray() && choices.size() > 0) {
      boolean found = false;
      for (JsonNode c : choices) {
        found |= c.asText().equals(value);
      }
      if (!found) {
        p.add(flag + " " + value + ": not one of " + choices);
      }
    }
    try {
      switch (row.path("type").asText()) {
        case "int" -> Long.parseLong(value);
        case "float" -> Double.parseDouble(value);
        default -> { }
      }
    } catch (NumberFormatException e) {
      p.add(flag + " " + value + ": not a " + row.path("type").asText());
    }
  }

  /**
   * Rules of megatron-lm.json "constraints" on the whole launch that the argument checks of MegatronRules do
   * not cover: cuda_max_conn (TP or CP > 1 before Blackwell needs CUDA_DEVICE_MAX_CONNECTIONS=1), save_interval
   * (--save needs --save-interval > 0), moe_bias_etp1 (MoE with linear bias needs ETP 1), and the scheduler's
   * warmup shorter than the decay.
   */
  public static List<String> launchProblems(List<String> args, Map<String, String> environment) {
    Map<String, String> f = new HashMap<>();
    for (int i = 0; i < args.size(); i++) {
      boolean value = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      f.put(args.get(i), value ? args.get(++i) : "true");
    }
    List<String> p = new ArrayList<>();
    int tp = Integer.parseInt(f.getOrDefault("--tensor-model-parallel-size", "1"));
    int cp = Integer.parseInt(f.getOrDefault("--context-parallel-size", "1"));
    if ((tp > 1 || cp > 1) && !"1".equals(environment.get("CUDA_DEVICE_MAX_CONNECTIONS"))) {
      p.add(MANIFEST.constraint("constraints", "cuda_max_conn").path("id").asText());
    }
    if (f.containsKey("--save") && Long.parseLong(f.getOrDefault("--save-interval", "0")) <= 0) {
      p.add("save_interval");
    }
    int etp = Integer.parseInt(f.getOrDefault("--expert-tensor-parallel-size", String.valueOf(tp)));
    if (f.containsKey("--num-experts") && !f.containsKey("--disable-bias-linear") && etp != 1) {
      p.add("moe_bias_etp1");
    }
    long warmup = Long.parseLong(f.getOrDefault("--lr-warmup-iters", "0"));
    long decay = Long.parseLong(f.getOrDefault("--lr-decay-iters", f.getOrDefault("--train-iters", "1")));
    if (warmup >= decay || decay > Long.parseLong(f.getOrDefault("--train-iters", "0"))) {
      p.add("learning-rate warmup " + warmup + " not shorter than the decay " + decay + " within the run");
    }
    return p;
  }
}
