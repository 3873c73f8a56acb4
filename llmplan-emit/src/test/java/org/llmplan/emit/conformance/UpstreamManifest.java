package org.llmplan.emit.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A manifest of upstream facts (src/test/resources/upstream, copied from shared/reference/upstream with its
 * provenance): the command-line options of a tool, keyed by every spelling, and its facts by id. A test that relies
 * on a row asks for it by name, so a row missing from the manifest fails the test instead of passing it silently.
 */
public final class UpstreamManifest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Map<String, JsonNode> options = new LinkedHashMap<>();
  private final Map<String, JsonNode> facts = new LinkedHashMap<>();

  private UpstreamManifest(JsonNode root, String nameColumn) {
    for (JsonNode row : root.path("flags").path("rows")) {
      for (String name : row.path(nameColumn).asText().split("\\|")) {
        options.put(name, row);
      }
    }
    root.path("facts").path("rows").forEach(r -> facts.put(r.path("id").asText(), r));
  }

  /** vllm.json: `vllm serve` flags (column "flags", aliases joined with '|') and facts. */
  public static final UpstreamManifest VLLM = load("vllm.json", "flags");
  /** tensorrt-llm.json: `trtllm-serve serve` options (column "name") and facts. */
  public static final UpstreamManifest TRTLLM = load("tensorrt-llm.json", "name");

  private static UpstreamManifest load(String file, String nameColumn) {
    try (InputStream in = UpstreamManifest.class.getResourceAsStream("/upstream/" + file)) {
      return new UpstreamManifest(JSON.readTree(in), nameColumn);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The option row of a spelling ("--tensor-parallel-size", "-tp"), or null when upstream has no such option. */
  public JsonNode option(String name) {
    return options.get(name);
  }

  /** The fact row {@code id}; a missing row is an error. */
  public JsonNode fact(String id) {
    JsonNode row = facts.get(id);
    if (row == null) {
      throw new IllegalArgumentException("the manifest has no fact " + id);
    }
    return row;
  }
}
