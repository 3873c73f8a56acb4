package org.llmplan.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.llmplan.error.UnknownNameException;

/**
 * Entries of one kind, looked up by name or alias regardless of case, spaces and underscores. A later entry
 * with the same name replaces the earlier one, which is how user catalogs override the embedded ones.
 */
public final class Registry<T> {
  private final String kind;
  private final Function<T, String> name;
  private final Function<T, List<String>> aliases;
  private final Map<String, T> byName = new LinkedHashMap<>();
  private final Map<String, String> keyOf = new LinkedHashMap<>();

  Registry(String kind, Function<T, String> name, Function<T, List<String>> aliases) {
    this.kind = kind;
    this.name = name;
    this.aliases = aliases;
  }

  static String normalize(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
  }

  void add(T entry) {
    String key = normalize(name.apply(entry));
    T previous = byName.put(key, entry);
    if (previous != null) {
      keyOf.values().removeIf(key::equals);
    }
    keyOf.put(key, key);
    for (String alias : aliases.apply(entry)) {
      keyOf.put(normalize(alias), key);
    }
  }

  public String kind() {
    return kind;
  }

  public List<T> all() {
    return List.copyOf(byName.values());
  }

  public boolean contains(String text) {
    return keyOf.containsKey(normalize(text));
  }

  public T get(String text) {
    String key = keyOf.get(normalize(text));
    if (key == null) {
      throw new UnknownNameException(kind, text, closeMatches(text));
    }
    return byName.get(key);
  }

  /** Up to five known names that contain the text or lie within a few edits of it. */
  List<String> closeMatches(String text) {
    String wanted = normalize(text);
    record Scored(String name, int distance) {}
    List<Scored> scored = new ArrayList<>();
    for (Map.Entry<String, String> e : keyOf.entrySet()) {
      String display = name.apply(byName.get(e.getValue()));
      int distance = e.getKey().contains(wanted) || wanted.contains(e.getKey())
          ? 0
          : editDistance(wanted, e.getKey());
      if (distance <= Math.max(2, wanted.length() / 3)) {
        scored.add(new Scored(display, distance));
      }
    }
    return scored.stream()
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
        .map(Scored::name)
        .distinct()
        .limit(5)
        .toList();
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] swap = prev;
      prev = cur;
      cur = swap;
    }
    return prev[b.length()];
  }
}
