package org.llmplan.serving;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;

/**
 * Reads a request trace: one request per row with its arrival time and its input and output token counts.
 *
 * <p>CSV with a header row, or JSON Lines (one object per line, recognised by a first line starting with
 * {@code {}). Columns (other columns are ignored): {@code arrival_seconds} (seconds from any origin) or
 * {@code timestamp} (seconds, or a date-time such as {@code 2023-11-16 18:15:46.6805900} as in the Azure LLM
 * inference traces); {@code input_tokens} or {@code ContextTokens}; {@code output_tokens} or
 * {@code GeneratedTokens}. Arrivals are shifted to start at 0 and sorted. A problem is one line naming the
 * file and the line.
 */
public final class TraceFile {
  private static final List<String> ARRIVAL = List.of("arrival_seconds", "timestamp", "TIMESTAMP");
  private static final List<String> INPUT = List.of("input_tokens", "ContextTokens");
  private static final List<String> OUTPUT = List.of("output_tokens", "GeneratedTokens");
  private static final DateTimeFormatter DATE_TIME = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd().appendPattern("HH:mm:ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
      .toFormatter();
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final CsvMapper CSV = CsvMapper.builder()
      .enable(CsvParser.Feature.TRIM_SPACES)
      .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
      .build();

  private TraceFile() {}

  public static Workload.Replay read(Path file) {
    Rows rows = new Rows(file);
    try (BufferedReader probe = Files.newBufferedReader(file)) {
      String first = probe.readLine();
      while (first != null && first.isBlank()) {
        first = probe.readLine();
      }
      if (first == null) {
        throw new MalformedInputException(file + ": the file is empty");
      }
      if (first.trim().startsWith("{")) {
        readJsonLines(file, rows);
      } else {
        readCsv(file, rows);
      }
    } catch (NoSuchFileException e) {
      throw new MalformedInputException(file + ": no such file");
    } catch (IOException e) {
      throw new MalformedInputException(file + ": cannot read: " + e.getMessage(), e);
    }
    return new Workload.Replay(rows.requests(), file.getFileName().toString());
  }

  private static void readJsonLines(Path file, Rows rows) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty()) {
        continue;
      }
      int lineNumber = i + 1;
      JsonNode node;
      try {
        node = JSON.readTree(line);
      } catch (JsonProcessingException e) {
        throw new MalformedInputException(file + " line " + lineNumber + ": not a JSON object: "
            + JsonProblems.describe(e));
      }
      if (node == null || !node.isObject()) {
        throw new MalformedInputException(file + " line " + lineNumber + ": expected one JSON object per line");
      }
      rows.add(lineNumber, name -> node.hasNonNull(name) ? node.get(name).asText() : null);
    }
  }

  private static void readCsv(Path file, Rows rows) throws IOException {
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    try (MappingIterator<Map<String, String>> it = CSV.readerFor(Map.class).with(header).readValues(file.toFile())) {
      while (it.hasNextValue()) {
        Map<String, String> row = it.nextValue();
        JsonLocation at = it.getParser().currentTokenLocation();
        rows.add(at.getLineNr(), row::get);
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
      throw new MalformedInputException(file + where + ": " + JsonProblems.describe(e));
    }
  }

  /** The rows read so far, checked one by one. */
  private static final class Rows {
    private final Path file;
    private double[] arrival = new double[1024];
    private int[] input = new int[1024];
    private int[] output = new int[1024];
    private int count;
    private boolean dates;

    Rows(Path file) {
      this.file = file;
    }

    void add(long lineNumber, Function<String, String> field) {
      String where = file + " line " + lineNumber + ": ";
      if (count == arrival.length) {
        arrival = Arrays.copyOf(arrival, 2 * count);
        input = Arrays.copyOf(input, 2 * count);
        output = Arrays.copyOf(output, 2 * count);
      }
      arrival[count] = arrivalSeconds(where, first(field, ARRIVAL, where));
      input[count] = tokens(where, first(field, INPUT, where), "input");
      output[count] = tokens(where, first(field, OUTPUT, where), "output");
      if (count >= Requests.MAX_COUNT) {
        throw new MalformedInputException(where + "more than " + Requests.MAX_COUNT + " requests");
      }
      count++;
    }

    private static String first(Function<String, String> field, List<String> names, String where) {
      for (String name : names) {
        String value = field.apply(name);
        if (value != null && !value.isBlank()) {
          return value.trim();
        }
      }
      throw new MalformedInputException(where + "no " + names.get(0) + " (or " + String.join(", ",
          names.subList(1, names.size())) + "); each row needs arrival_seconds, input_tokens and output_tokens");
    }

    private double arrivalSeconds(String where, String text) {
      try {
        double seconds = Double.parseDouble(text);
        if (seconds >= 0 && seconds < 1e12 && (count == 0 || !dates)) {
          return seconds;
        }
      } catch (NumberFormatException e) {
        try {
          LocalDateTime at = LocalDateTime.parse(text, DATE_TIME);
          if (count == 0 || dates) {
            dates = true;
            return at.toEpochSecond(ZoneOffset.UTC) + at.getNano() * 1e-9;
          }
        } catch (DateTimeParseException notADate) {
          // reported below
        }
      }
      throw new MalformedInputException(where + "arrival '" + text + "' is not a time: give seconds (0 or more) "
          + "or a date-time such as 2023-11-16 18:15:46.68, the same kind on every row");
    }

    private static int tokens(String where, String text, String what) {
      try {
        long value = Long.parseLong(text);
        if (value >= 1 && value <= LengthDistribution.MAX_TOKENS) {
          return (int) value;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new MalformedInputException(where + what + " tokens '" + text + "' must be a whole number from 1 to "
          + LengthDistribution.MAX_TOKENS);
    }

    Requests requests() {
      if (count == 0) {
        throw new MalformedInputException(file + ": no requests in the file");
      }
      Integer[] order = new Integer[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(arrival[a], arrival[b]));
      double origin = arrival[order[0]];
      double[] at = new double[count];
      int[] in = new int[count];
      int[] out = new int[count];
      for (int i = 0; i < count; i++) {
        at[i] = arrival[order[i]] - origin;
        in[i] = input[order[i]];
        out[i] = output[order[i]];
      }
      return new Requests(at, in, out);
    }
  }
}
