package org.llmplan.emit.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One manifest of src/test/resources/upstream (see PROVENANCE.md there): facts extracted from a tool at a pinned
 * commit, as tables of rows.
 */
public final class Manifest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode root;

  private Manifest(JsonNode root) {
    this.root = root;
  }

  public static Manifest load(String file) {
    try (InputStream in = Manifest.class.getResourceAsStream("/upstream/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no manifest /upstream/" + file + " on the test class path");
      }
      return new Manifest(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The rows of a table ({"rows": [...]}) or of a plain list at {@code path} (dot-separated). */
  public List<JsonNode> rows(String path) {
    JsonNode node = root;
    for (String part : path.split("\\.")) {
      node = node.path(part);
    }
    JsonNode rows = node.has("rows") ? node.path("rows") : node;
    List<JsonNode> out = new ArrayList<>();
    rows.forEach(out::add);
    if (out.isEmpty()) {
      throw new IllegalStateException("manifest table " + path + " is empty or missing");
    }
    return out;
  }

  /** The commits (or tags' commits) the manifest was extracted at. */
  public List<String> commits() {
    List<String> out = new ArrayList<>();
    root.path("sources").forEach(s -> out.add(s.path("commit").asText(s.path("tag").asText())));
    return out;
  }

  /** The constraint row {@code id} of {@code table}: a test names the row it restates. */
  public JsonNode constraint(String table, String id) {
    return rows(table).stream().filter(r -> r.path("id").asText().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no constraint " + id + " in " + table));
  }
}
