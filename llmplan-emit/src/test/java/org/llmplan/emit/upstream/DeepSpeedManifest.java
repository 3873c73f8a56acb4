package org.llmplan.emit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DeepSpeed's ds_config keys and rules at edaa722 (deepspeed.json): every key of an emitted config must be one
 * DeepSpeed reads (pydantic sections reject unknown keys, extra_forbid), not deprecated, with a value its choices
 * accept; optimizer params are the optimizer's free-form kwargs, scheduler params are the chosen scheduler's.
 */
public final class DeepSpeedManifest {
  private static final Manifest MANIFEST = Manifest.load("deepspeed.json");
  private static final Map<String, JsonNode> KEYS = new HashMap<>();

  static {
    for (JsonNode row : MANIFEST.rows("keys")) {
      String key = row.path("key").asText();
      KEYS.merge(key, row, (a, b) -> b.path("choices").isArray() ? b : a);
      // A pydantic field may be given by its alias (alias_and_name): stage3_prefetch_bucket_size.
      if (!row.path("alias").asText().isEmpty()) {
        KEYS.put(key.substring(0, key.lastIndexOf('.') + 1) + row.path("alias").asText(), row);
      }
    }
  }

  private DeepSpeedManifest() {}

  public static Manifest manifest() {
    return MANIFEST;
  }

  /** Keys DeepSpeed would reject or ignore, and values outside their choices. */
  public static List<String> keyProblems(JsonNode config) {
    List<String> p = new ArrayList<>();
    walk(config, "", config.path("scheduler").path("type").asText(), p);
    return p;
  }

  private static void walk(JsonNode node, String prefix, String scheduler, List<String> p) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (prefix.equals("optimizer.params")) {
        continue; // free-form kwargs of the optimizer class (deepspeed.json notes)
      }
      String lookup = prefix.equals("scheduler.params") ? "scheduler.params[" + scheduler + "]." + e.getKey() : key;
      JsonNode row = KEYS.get(lookup);
      if (row == null) {
        p.add(lookup + ": not a DeepSpeed config key at edaa722");
        continue;
      }
      if (!row.path("deprecated").asText().isEmpty()) {
        p.add(key + ": deprecated, use " + row.path("replaced_by").asText());
      }
      JsonNode value = e.getValue();
      JsonNode choices = row.path("choices");
      if (choices.isArray() && choices.size() > 0 && value.isValueNode()) {
        boolean found = false;
        for (JsonNode c : choices) {
          found |= c.asText().equalsIgnoreCase(value.asText()); // DeepSpeed lower-cases optimizer type names
        }
        if (!found) {
          p.add(key + " = " + value + ": not one of " + choices);
        }
      }
      if (value.isObject()) {
        walk(value, key, scheduler, p);
      }
    }
  }

  /**
   * The deepspeed.json constraints on the plan: batch_identity with the data-parallel size of dp_source (the
   * PipelineModule grid, GPUs / PP, under pipe_default_topology; else the script's mpu, GPUs / (TP x CP)),
   * pipe_zero23, pipe_schedule_1f1b_only, fp16_bf16_exclusive, offload_param_z3_only and moe_zero3.
   */
  public static List<String> ruleProblems(JsonNode c, int gpus, int tp, int pp, int cp, int vpp, boolean moe) {
    List<String> p = new ArrayList<>();
    int dp = pp > 1 ? gpus / pp : gpus / (tp * cp);
    long tbs = c.path("train_batch_size").asLong();
    long identity = c.path("train_micro_batch_size_per_gpu").asLong() * c.path("gradient_accumulation_steps").asLong()
        * dp;
    if (tbs <= 0 || tbs != identity) {
      p.add("batch_identity: " + tbs + " != mbs x gas x " + dp);
    }
    int stage = c.path("zero_optimization").path("stage").asInt();
    if (pp > 1 && stage >= 2) {
      p.add("pipe_zero23: ZeRO stage " + stage + " with a pipeline");
    }
    if (pp > 1 && vpp > 1) {
      p.add("pipe_schedule_1f1b_only: virtual stages");
    }
    if (pp > 1 && tp > 1) {
      p.add("pipe_default_topology: TP " + tp + " has no axis in PipelineModule(num_stages=P)");
    }
    if (c.path("fp16").path("enabled").asBoolean() && c.path("bf16").path("enabled").asBoolean()) {
      p.add("fp16_bf16_exclusive");
    }
    if (c.path("zero_optimization").has("offload_param") && stage != 3) {
      p.add("offload_param_z3_only");
    }
    if (moe && stage == 3) {
      p.add("moe_zero3");
    }
    String type = c.path("optimizer").path("type").asText("").toLowerCase(Locale.ROOT);
    if (stage > 0 && type.startsWith("onebit")) {
      p.add("onebit_no_zero");
    }
    return p;
  }
}
