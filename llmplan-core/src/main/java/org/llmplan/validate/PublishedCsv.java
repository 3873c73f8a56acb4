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
import java.util.function.Function;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;

/**
 * Reads a CSV of published measurements (validation/README.md) into rows of a record type: an empty cell is
 * null; any problem is one line naming the file.
 */
final class PublishedCsv {
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .enable(CsvParser.Feature.TRIM_SPACES)
      .build();

  private PublishedCsv() {}

  /**
   * Every row of {@code file}; the header must name each column of {@code type} except {@code optional} ones
   * (extra columns are fine), and every row needs an id.
   */
  static <T> List<T> read(Path file, Class<T> type, Set<String> optional, Function<T, String> id) {
    ObjectReader reader = CSV.readerFor(type).with(CsvSchema.emptySchema().withHeader());
    List<T> rows = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      if (Files.size(file) == 0) {
        throw new MalformedInputException(file + ": the file is empty");
      }
      try (MappingIterator<T> it = reader.readValues(in)) {
        requireColumns(file, type, optional, (CsvSchema) it.getParserSchema());
        while (it.hasNextValue()) {
          T row = it.nextValue();
          if (id.apply(row) == null) {
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

  private static void requireColumns(Path file, Class<?> type, Set<String> optional, CsvSchema header) {
    Set<String> missing = new LinkedHashSet<>();
    CSV.schemaFor(type).forEach(c -> missing.add(c.getName()));
    header.forEach(c -> missing.remove(c.getName()));
    missing.removeAll(optional);
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
