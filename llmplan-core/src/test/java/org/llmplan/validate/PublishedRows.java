package org.llmplan.validate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The repository's copy of the published training rows, and small CSV files made from its header. */
final class PublishedRows {
  /** Relative to the module folder, where Maven runs the tests. */
  static final Path FILE = Path.of("../validation/training_published.csv");
  static final List<PublishedTrainingRow> ALL = PublishedTrainingData.read(FILE);

  private PublishedRows() {}

  static PublishedTrainingRow row(String id) {
    return ALL.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
  }

  static String header() {
    try (var lines = Files.lines(FILE)) {
      return lines.findFirst().orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV of the real header and the given lines, written under {@code dir}. */
  static Path csv(Path dir, String... lines) {
    try {
      Path file = dir.resolve("rows.csv");
      Files.writeString(file, header() + "\n" + String.join("\n", lines) + "\n");
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One row in CSV form: the columns in header order, from a map of column to value (the rest empty). Values
   * must not contain commas.
   */
  static String line(java.util.Map<String, String> values) {
    StringBuilder b = new StringBuilder();
    for (String column : header().split(",")) {
      b.append(b.length() == 0 ? "" : ",").append(values.getOrDefault(column, ""));
    }
    return b.toString();
  }
}
