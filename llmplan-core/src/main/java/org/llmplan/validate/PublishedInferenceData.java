package org.llmplan.validate;

import java.nio.file.Path;
import java.util.List;

/** Reads a published-serving-measurements CSV (validation/README.md); any problem is one line naming the file. */
public final class PublishedInferenceData {
  private PublishedInferenceData() {}

  public static List<PublishedInferenceRow> read(Path file) {
    return PublishedCsv.read(file, PublishedInferenceRow.class, PublishedInferenceRow.OPTIONAL_COLUMNS,
        PublishedInferenceRow::id);
  }
}
