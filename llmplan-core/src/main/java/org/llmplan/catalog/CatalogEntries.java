package org.llmplan.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;

/**
 * The catalog's entries as YAML trees, file after file: an entry whose name (or alias) is already known is
 * merged over the known one field by field (nested blocks merged, lists and values replaced), so that a user
 * file may add just a price to an embedded GPU. Each entry is read into its record once every file is in.
 */
final class CatalogEntries {
  /** The lists a catalog file may hold, by their YAML key. */
  static final List<String> KINDS = List.of("gpus", "models", "nodes", "fabrics", "clusters", "frameworks",
      "storage", "engines");

  private record Entry(ObjectNode tree, String origin) {}

  private final Map<String, Map<String, Entry>> byKind = new LinkedHashMap<>();

  CatalogEntries() {
    KINDS.forEach(kind -> byKind.put(kind, new LinkedHashMap<>()));
  }

  /** Adds or merges every entry of one parsed file; {@code origin} names the file in errors. */
  void add(JsonNode file, String origin) {
    if (file == null || file.isNull() || file.isMissingNode()) {
      return;
    }
    if (!file.isObject()) {
      throw new MalformedInputException("catalog file " + origin + ": expected lists such as gpus: or models:");
    }
    for (Map.Entry<String, JsonNode> list : file.properties()) {
      Map<String, Entry> entries = byKind.get(list.getKey());
      if (entries == null) {
        throw new MalformedInputException("catalog file " + origin + ": unknown list '" + list.getKey()
            + "'; known lists: " + String.join(", ", KINDS));
      }
      if (!list.getValue().isArray()) {
        throw new MalformedInputException("catalog file " + origin + ": " + list.getKey() + " must be a list");
      }
      for (JsonNode entry : list.getValue()) {
        addEntry(entries, list.getKey(), entry, origin);
      }
    }
  }

  private static void addEntry(Map<String, Entry> entries, String kind, JsonNode entry, String origin) {
    if (!entry.isObject() || !entry.path("name").isTextual() || entry.get("name").asText().isBlank()) {
      throw new MalformedInputException("catalog file " + origin + ": every entry of " + kind + " needs a name");
    }
    String key = knownKey(entries, entry.get("name").asText());
    Entry known = entries.get(key);
    ObjectNode tree = known == null ? (ObjectNode) entry.deepCopy() : merged(known.tree().deepCopy(), entry);
    if (known != null) {
      tree.put("name", known.tree().get("name").asText()); // an alias used as the name keeps the entry's name
    }
    entries.put(key, new Entry(tree, known == null ? origin : known.origin() + " and " + origin));
  }

  /** The key of the known entry this name or alias means, else the name's own key. */
  private static String knownKey(Map<String, Entry> entries, String name) {
    String wanted = Registry.normalize(name);
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      for (JsonNode alias : e.getValue().tree().path("aliases")) {
        if (Registry.normalize(alias.asText()).equals(wanted)) {
          return e.getKey();
        }
      }
    }
    return wanted;
  }

  private static ObjectNode merged(ObjectNode base, JsonNode overlay) {
    for (Map.Entry<String, JsonNode> field : overlay.properties()) {
      JsonNode old = base.get(field.getKey());
      if (old instanceof ObjectNode oldObject && field.getValue().isObject()) {
        merged(oldObject, field.getValue());
      } else {
        base.set(field.getKey(), field.getValue().deepCopy());
      }
    }
    return base;
  }

  /** Every entry of one kind read into its record, in the order first added. */
  <T> List<T> read(ObjectMapper mapper, String kind, Class<T> type) {
    List<T> read = new ArrayList<>();
    for (Entry e : byKind.get(kind).values()) {
      try {
        read.add(mapper.treeToValue(e.tree(), type));
      } catch (JsonProcessingException ex) {
        throw new MalformedInputException("catalog file " + e.origin() + ", " + kind + " entry '"
            + e.tree().get("name").asText() + "': " + JsonProblems.describe(ex));
      } catch (IllegalArgumentException ex) {
        throw new MalformedInputException("catalog file " + e.origin() + ", " + kind + " entry '"
            + e.tree().get("name").asText() + "': " + ex.getMessage());
      }
    }
    return read;
  }
}
