package org.llmplan.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;

/**
 * The catalog's entries as YAML trees, file after file: an entry whose name (or alias) is already known is
 * merged over the known one field by field (nested blocks merged, lists and values replaced), so that a user
 * file may add just a price to an embedded GPU. Each entry is read into its record once every file is in.
 * Files are kept in order and merged one kind at a time, when that kind is first asked for: an embedded file
 * is parsed only when a command needs one of the lists it holds (start-up of a single plan).
 */
final class CatalogEntries {
  /** The lists a catalog file may hold, by their YAML key. */
  static final List<String> KINDS = List.of("gpus", "models", "nodes", "fabrics", "clusters", "frameworks",
      "storage", "engines");

  private record Entry(ObjectNode tree, String origin) {}

  /** One file: the lists it may hold, and its tree (parsed on first use for embedded files). */
  private record Source(String origin, Collection<String> kinds, Supplier<JsonNode> tree) {}

  private final List<Source> sources = new ArrayList<>();
  private final Set<String> userKinds = new LinkedHashSet<>();

  /** An embedded file holding only {@code kinds}; it is parsed when one of them is first read. */
  void addEmbedded(String origin, List<String> kinds, Supplier<JsonNode> parse) {
    sources.add(new Source(origin, kinds, new Lazy<>(() -> checked(parse.get(), origin, kinds))));
  }

  /** A user file, already parsed: its lists are checked now, its entries merged when their kind is read. */
  void add(JsonNode file, String origin) {
    if (file == null || file.isNull() || file.isMissingNode()) {
      return;
    }
    JsonNode tree = checked(file, origin, KINDS);
    Set<String> lists = listsOf(tree);
    userKinds.addAll(lists);
    sources.add(new Source(origin, lists, () -> tree));
  }

  /** The files parsed so far, by origin: user files always, embedded ones once a list of theirs was read. */
  List<String> parsed() {
    return sources.stream().filter(s -> !(s.tree() instanceof Lazy<JsonNode> lazy) || lazy.made())
        .map(Source::origin).toList();
  }

  /** The kinds some user file holds: read at load time, so that a mistake in them is reported at once. */
  Set<String> userKinds() {
    return Set.copyOf(userKinds);
  }

  private static Set<String> listsOf(JsonNode tree) {
    Set<String> kinds = new LinkedHashSet<>();
    tree.fieldNames().forEachRemaining(kinds::add);
    return kinds;
  }

  private static JsonNode checked(JsonNode file, String origin, Collection<String> allowed) {
    if (file == null || file.isNull() || file.isMissingNode()) {
      throw new MalformedInputException("catalog file " + origin + " is empty");
    }
    if (!file.isObject()) {
      throw new MalformedInputException("catalog file " + origin + ": expected lists such as gpus: or models:");
    }
    for (Map.Entry<String, JsonNode> list : file.properties()) {
      if (!allowed.contains(list.getKey())) {
        throw new MalformedInputException("catalog file " + origin + ": unknown list '" + list.getKey()
            + "'; known lists: " + String.join(", ", allowed));
      }
      if (!list.getValue().isArray()) {
        throw new MalformedInputException("catalog file " + origin + ": " + list.getKey() + " must be a list");
      }
    }
    return file;
  }

  /** The entries of one kind, every file that may hold it merged in order. */
  private Map<String, Entry> merged(String kind) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Source s : sources) {
      if (s.kinds().contains(kind)) {
        for (JsonNode entry : s.tree().get().path(kind)) {
          addEntry(entries, kind, entry, s.origin());
        }
      }
    }
    return entries;
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
    for (Entry e : merged(kind).values()) {
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
