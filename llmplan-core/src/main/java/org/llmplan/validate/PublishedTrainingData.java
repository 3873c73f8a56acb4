package org.llmplan.validate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.llmplan.catalog.JsonProblems;
import org.llmplan.error.MalformedInputException;

/** Reads a published-training-measurements CSV (validation/README.md); any problem is one line naming the file. */
public final class PublishedTrainingData {
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .enable(CsvParser.Feature.TRIM_SPACES)
      .build();

  private PublishedTrainingData() {}

  public static List<PublishedTrainingRow> read(Path file) {
    ObjectReader reader = CSV.readerFor(PublishedTrainingRow.class).with(CsvSchema.emptySchema().withHeader());
    List<PublishedTrainingRow> rows = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      if (Files.size(file) == 0) {
        throw new MalformedInputException(file + ": the file is empty");
      }
      try (MappingIterator<PublishedTrainingRow> it = reader.readValues(in)) {
        requireColumns(file, (CsvSchema) it.getParserSchema());
        while (it.hasNextValue()) {
          PublishedTrainingRow row = it.nextValue();
          if (row.id() == null) {
            throw new MalformedInputException(file + ": row " + (rows.size() + 1) + " has no id");
          }
          rows.add(row);
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
      throw new MalformedInputException(file + where + ": " + JsonProblems.describe(e));
    } catch (NoSuchFileException e) {
      throw new MalformedInputException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new MalformedInputException(file + ": permission denied");
    } catch (IOException e) {
      throw new MalformedInputException(file + ": cannot read: " + firstLine(e.getMessage()));
    }
    if (rows.isEmpty()) {
      throw new MalformedInputException(file + ": no rows below the header");
    }
    return rows;
  }

  /** The header must name every column the row record reads but the optional ones; extra columns are fine. */
  private static void requireColumns(Path file, CsvSchema header) {
    Set<String> missing = new LinkedHashSet<>();
    CSV.schemaFor(PublishedTrainingRow.class).forEach(c -> missing.add(c.getName()));
    header.forEach(c -> missing.remove(c.getName()));
    missing.removeAll(PublishedTrainingRow.OPTIONAL_COLUMNS);
    if (!missing.isEmpty()) {
      throw new MalformedInputException(file + ": missing column" + (missing.size() > 1 ? "s " : " ")
          + String.join(", ", missing) + " (the columns are listed in validation/README.md)");
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
