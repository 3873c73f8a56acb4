package org.llmplan.trust;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Fitted bands as the jar ships them ({@code trust/training-bands.json}): fitting runs the validation, which
 * a plan should not wait for, so a test fits them and fails when the shipped file differs
 * ({@code -Dllmplan.writeBands=true} rewrites it).
 *
 * @param source what the bands were fitted on
 * @param wideningPct band widening per unit of distance from the nearest family
 * @param families the validated families with their bands
 */
public record BandsFile(String source, double wideningPct, List<ErrorBands.Family> families) {
  public static final String TRAINING = "/trust/training-bands.json";
  public static final String INFERENCE = "/trust/inference-bands.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static BandsFile of(String source, ErrorBands bands) {
    return new BandsFile(source, bands.wideningPct(), bands.families());
  }

  public ErrorBands bands() {
    return new ErrorBands(families, wideningPct);
  }

  public String json() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bands the jar ships under {@code resource}. */
  public static BandsFile embedded(String resource) {
    try (InputStream in = BandsFile.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + resource);
      }
      return JSON.readValue(in, BandsFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
