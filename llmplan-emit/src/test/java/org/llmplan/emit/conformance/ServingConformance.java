package org.llmplan.emit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an emitted server command against the upstream manifests: every option exists (vllm.json "flags",
 * tensorrt-llm.json "flags"), takes a value exactly when upstream's parser does, and the value has the option's type
 * and is one of its choices; then the facts that relate options (each check names its fact id). Problems come back
 * as lines, empty when the command would be accepted.
 */
public final class ServingConformance {
  /** Switches: argparse kinds and click kinds that take no value. */
  private static final Set<String> SWITCHES = Set.of("BooleanOptionalAction", "store_true", "flag");

  /** LLM-API fields and the tensorrt-llm.json fact that names each. */
  private static final Map<String, String> LLM_API_KEYS = Map.of("kv_cache_config", "trt_yaml_converted_keys",
      "return_perf_metrics", "trt_metrics_prometheus", "enable_attention_dp", "trt_attention_dp",
      "moe_expert_parallel_size", "trt_moe_ep", "scheduler_config", "trt_yaml_converted_keys");

  private ServingConformance() {}

  /**
   * A {@code vllm serve} command: flags, then facts vllm_awq_act_dtype, vllm_dp_local_le_dp, vllm_hybrid_lb,
   * vllm_lb_modes_exclusive and vllm_backend_default.
   *
   * @param gpusOnNode the GPUs of the node the command runs on
   */
  public static List<String> vllm(ServerCommand command, int gpusOnNode) {
    List<String> problems = new ArrayList<>();
    Map<String, String> f = options(command, UpstreamManifest.VLLM, problems);
    if ("awq".equals(f.get("--quantization")) && !Set.of("half", "float16").contains(f.get("--dtype"))) {
      problems.add(where(command) + "AWQ needs --dtype half or float16, not " + f.get("--dtype")
          + " (vllm.json fact " + fact(UpstreamManifest.VLLM, "vllm_awq_act_dtype") + ")");
    }
    if (number(f.get("--data-parallel-size-local")) > number(f.get("--data-parallel-size"))) {
      problems.add(where(command) + "--data-parallel-size-local above --data-parallel-size (vllm.json fact "
          + fact(UpstreamManifest.VLLM, "vllm_dp_local_le_dp") + ")");
    }
    if (f.containsKey("--data-parallel-start-rank") && !f.containsKey("--headless")) {
      problems.add(where(command) + "--data-parallel-start-rank without --headless selects hybrid load balancing "
          + "(vllm.json fact " + fact(UpstreamManifest.VLLM, "vllm_hybrid_lb") + ")");
    }
    if (f.containsKey("--headless") && f.containsKey("--api-server-count")) {
      problems.add(where(command) + "--api-server-count with --headless (vllm.json fact "
          + fact(UpstreamManifest.VLLM, "vllm_lb_modes_exclusive") + ")");
    }
    long world = (long) Math.max(1, number(f.get("--tensor-parallel-size")))
        * (long) Math.max(1, number(f.get("--pipeline-parallel-size")));
    if (world > gpusOnNode && !"ray".equals(f.get("--distributed-executor-backend"))) {
      problems.add(where(command) + "TP x PP = " + world + " GPUs on a node of " + gpusOnNode + " needs the ray "
          + "executor (vllm.json fact " + fact(UpstreamManifest.VLLM, "vllm_backend_default") + ")");
    }
    return problems;
  }

  /**
   * A {@code trtllm-serve} command and the LLM-API options it reads: options, then facts trt_yaml_kv_cache and
   * trt_launch_wrapper.
   */
  public static List<String> trtllm(ServerCommand command, JsonNode llmApiOptions) {
    List<String> problems = new ArrayList<>();
    Map<String, String> f = options(command, UpstreamManifest.TRTLLM, problems);
    if (llmApiOptions.has("kv_cache_config") && f.containsKey("--kv_cache_free_gpu_memory_fraction")) {
      problems.add(where(command) + "--kv_cache_free_gpu_memory_fraction is discarded by the options file's "
          + "kv_cache_config (tensorrt-llm.json fact " + fact(UpstreamManifest.TRTLLM, "trt_yaml_kv_cache") + ")");
    }
    double world = Math.max(1, number(f.get("--tp_size"))) * Math.max(1, number(f.get("--pp_size")));
    if (f.containsKey("--gpus_per_node") && world > number(f.get("--gpus_per_node")) && !command.wrapped()) {
      problems.add(where(command) + "a replica of " + (int) world + " GPUs over nodes runs without "
          + "trtllm-llmapi-launch (tensorrt-llm.json fact " + fact(UpstreamManifest.TRTLLM, "trt_launch_wrapper")
          + ")");
    }
    return problems;
  }

  /**
   * The LLM-API options file: every top-level key is one a manifest fact names as an LLM-args field, the KV share is
   * a fraction (trt_kv_fraction_default), and Prometheus text is on (trt_metrics_prometheus) where the bundle
   * scrapes it. KV-cache keys the manifest does not list are returned in {@code unverified}.
   */
  public static List<String> trtllmOptions(JsonNode options, String metricsPath, Set<String> unverified) {
    List<String> problems = new ArrayList<>();
    options.fieldNames().forEachRemaining(key -> {
      String id = LLM_API_KEYS.get(key);
      if (id == null || !UpstreamManifest.TRTLLM.fact(id).path("fact").asText().contains(key)) {
        problems.add("options: " + key + " is not an LLM-API field named by tensorrt-llm.json");
      }
    });
    JsonNode kv = options.path("kv_cache_config");
    kv.fieldNames().forEachRemaining(key -> {
      if (!key.equals("free_gpu_memory_fraction")) {
        unverified.add("kv_cache_config." + key);
      }
    });
    double fraction = kv.path("free_gpu_memory_fraction").asDouble(-1);
    if (kv.has("free_gpu_memory_fraction") && !(fraction > 0 && fraction <= 1)) {
      problems.add("options: free_gpu_memory_fraction " + fraction + " is not in (0, 1] (tensorrt-llm.json fact "
          + fact(UpstreamManifest.TRTLLM, "trt_kv_fraction_default") + ")");
    }
    boolean prometheus = options.path("return_perf_metrics").asBoolean(false);
    if (!metricsPath.equals("/prometheus/metrics") || !prometheus) {
      problems.add("options: the Prometheus text is at /prometheus/metrics with return_perf_metrics, not at "
          + metricsPath + " (tensorrt-llm.json facts " + fact(UpstreamManifest.TRTLLM, "trt_metrics_prometheus")
          + ", " + fact(UpstreamManifest.TRTLLM, "trt_metrics_json") + ")");
    }
    return problems;
  }

  /** The options as a map (switches map to ""), each checked against its manifest row. */
  private static Map<String, String> options(ServerCommand command, UpstreamManifest manifest,
      List<String> problems) {
    Map<String, String> f = new LinkedHashMap<>();
    List<String> w = command.words();
    if (w.isEmpty() || w.get(0).startsWith("-")) {
      problems.add(where(command) + "no model before the options");
    }
    for (int i = 1; i < w.size(); i++) {
      String word = w.get(i);
      int eq = word.indexOf('=');
      String name = eq > 0 ? word.substring(0, eq) : word;
      JsonNode row = row(manifest, name);
      if (row == null) {
        problems.add(where(command) + name + " is not an option of " + command.program() + " in the manifest");
        if (eq < 0 && i + 1 < w.size() && !w.get(i + 1).startsWith("-")) {
          i++; // its value
        }
        continue;
      }
      boolean takesValue = !SWITCHES.contains(kind(row));
      String value = eq > 0 ? word.substring(eq + 1) : null;
      if (takesValue && value == null && i + 1 < w.size()) {
        value = w.get(++i);
      }
      if (takesValue != (value != null)) {
        problems.add(where(command) + name + (takesValue ? " needs a value" : " is a switch, given " + value));
        continue;
      }
      f.put(name, value == null ? "" : value);
      checkValue(command, name, value, row, problems);
    }
    return f;
  }

  /** A row for the spelling, or for the positive form of a --no- switch (argparse BooleanOptionalAction). */
  private static JsonNode row(UpstreamManifest manifest, String name) {
    JsonNode row = manifest.option(name);
    if (row == null && name.startsWith("--no-")) {
      JsonNode positive = manifest.option("--" + name.substring(5));
      return positive != null && kind(positive).equals("BooleanOptionalAction") ? positive : null;
    }
    return row;
  }

  private static void checkValue(ServerCommand command, String name, String value, JsonNode row,
      List<String> problems) {
    if (value == null || value.startsWith("$")) {
      return; // a switch, or a value the script computes
    }
    JsonNode choices = row.path("choices");
    if (choices.isArray() && !choices.isEmpty()) {
      List<String> allowed = new ArrayList<>();
      choices.forEach(c -> allowed.add(c.asText()));
      if (!allowed.contains(value)) {
        problems.add(where(command) + name + " " + value + " is not one of " + allowed);
      }
    }
    String type = numberType(row);
    try {
      if (type.equals("int")) {
        Integer.parseInt(value);
      } else if (type.equals("float")) {
        Double.parseDouble(value);
      }
    } catch (NumberFormatException e) {
      problems.add(where(command) + name + " " + value + " is not " + type);
    }
  }

  /** "int" or "float" when the row's type (trtllm), argparse kind or annotation (vllm) is that number, else "". */
  private static String numberType(JsonNode row) {
    for (String column : List.of("type", "argparse_kind", "annotation")) {
      String t = row.path(column).asText();
      if (t.equals("int") || t.startsWith("int |") || t.equals("optional int")) {
        return "int";
      }
      if (t.equals("float") || t.startsWith("float |")) {
        return "float";
      }
    }
    return "";
  }

  private static String kind(JsonNode row) {
    return row.has("argparse_kind") ? row.path("argparse_kind").asText() : row.path("kind").asText();
  }

  private static double number(String value) {
    try {
      return value == null ? 0 : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return 0; // computed by the script: checked where it is computed
    }
  }

  private static String where(ServerCommand command) {
    return command.file() + ": ";
  }

  private static String fact(UpstreamManifest manifest, String id) {
    return manifest.fact(id).path("id").asText();
  }
}
