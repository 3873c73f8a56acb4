package org.llmplan.validate;

import java.nio.file.Path;
import java.util.List;

/** Reads a published-training-measurements CSV (validation/README.md); any problem is one line naming the file. */
public final class PublishedTrainingData {
  private PublishedTrainingData() {}

  public static List<PublishedTrainingRow> read(Path file) {
    return PublishedCsv.read(file, PublishedTrainingRow.class, PublishedTrainingRow.OPTIONAL_COLUMNS,
        PublishedTrainingRow::id);
  }
}
