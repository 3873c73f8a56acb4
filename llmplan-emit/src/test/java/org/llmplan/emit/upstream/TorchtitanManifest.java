package org.llmplan.emit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * torchtitan's config fields (torchtitan.json): the legacy TOML JobConfig at 238fa99 and the fields a loaded
 * config of the current Trainer.Config takes from the command line at b5bcd76. Unknown TOML fields make the load
 * fail (toml_unknown_fields); unknown CLI fields are tyro errors.
 */
public final class TorchtitanManifest {
  private static final Manifest MANIFEST = Manifest.load("torchtitan.json");
  private static final Map<String, JsonNode> LEGACY = index("legacy_jobconfig", false);
  private static final Map<String, JsonNode> CURRENT = index("trainer_config_llama3_8b", true);

  private TorchtitanManifest() {}

  public static Manifest manifest() {
    return MANIFEST;
  }

  private static Map<String, JsonNode> index(String table, boolean cliOnly) {
    Map<String, JsonNode> m = new HashMap<>();
    for (JsonNode row : MANIFEST.rows(table)) {
      if (!cliOnly || !"yes".equals(row.path("cli_suppressed").asText()) && !"section".equals(row.path("kind").asText())) {
        m.put(row.path("key").asText(), row);
      }
    }
    return m;
  }

  /** Fields of a legacy TOML config that JobConfig at 238fa99 does not have, or values outside their choices. */
  public static List<String> tomlProblems(JsonNode toml) {
    List<String> p = new ArrayList<>();
    walk(toml, "", p);
    return p;
  }

  private static void walk(JsonNode node, String prefix, List<String> p) {
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode row = LEGACY.get(key);
      if (row == null) {
        p.add(key + ": not a field of torchtitan's JobConfig at 238fa99");
      } else if (e.getValue().isObject()) {
        walk(e.getValue(), key, p);
      } else {
        choice(key, row, e.getValue().asText(), p);
      }
    }
  }

  /**
   * Problems of torchtitan.train arguments: --module/--config (select_module_config) for the current config,
   * --job.config_file for the legacy one, then --section.field flags that exist and take the value given.
   */
  public static List<String> argumentProblems(List<String> args, boolean legacy) {
    Map<String, JsonNode> fields = legacy ? LEGACY : CURRENT;
    List<String> p = new ArrayList<>();
    if (!legacy && !(args.contains("--module") && args.contains("--config"))) {
      p.add("select_module_config: --module and --config are both required");
    }
    for (int i = 0; i < args.size(); i++) {
      String flag = args.get(i);
      boolean value = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
      if (!legacy && (flag.equals("--module") || flag.equals("--config"))) {
        i++;
        continue;
      }
      JsonNode row = flag.startsWith("--") ? fields.get(flag.substring(2)) : null;
      if (row == null) {
        p.add(flag + ": not a torchtitan field at " + (legacy ? "238fa99" : "b5bcd76"));
        i += value ? 1 : 0;
      } else if (!value && !row.path("type").asText().equals("bool")) {
        p.add(flag + ": a bare flag for a " + row.path("type").asText() + " field");
      } else if (value) {
        choice(flag, row, args.get(++i), p);
      }
    }
    return p;
  }

  private static void choice(String key, JsonNode row, String value, List<String> p) {
    JsonNode choices = row.path("choices");
    if (!choices.isArray() || choices.isEmpty() || value.startsWith("${")) {
      return;
    }
    for (JsonNode c : choices) {
      if (c.asText().equals(value)) {
        return;
      }
    }
    p.add(key + " = " + value + ": not one of " + choices);
  }
}
