package org.llmplan.view;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;

/**
 * The JSON and YAML writers of the command line and the API: indented, no nulls, and the same bytes for the
 * same answer in every process. Records keep their component order; maps are written sorted by key, because
 * the iteration order of {@code Map.of}/{@code Map.copyOf} (catalog entries) changes from one JVM to the next.
 * A view whose map order means something (parts in breakdown order) says so with {@link Ordered}.
 */
public final class JsonText {
  private static final ObjectMapper JSON = json();
  private static final ObjectMapper YAML = configured(YAMLMapper.builder(
      new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))).build();

  private JsonText() {}

  /** A fresh JSON writer with the settings of {@link #write}; tests compare two of them. */
  static ObjectMapper json() {
    return configured(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)).build();
  }

  private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configured(B builder) {
    return builder
        .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL,
            JsonInclude.Include.NON_NULL))
        .withConfigOverride(Map.class, o -> o.setFormat(
            JsonFormat.Value.empty().withFeature(JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES)));
  }

  public static String write(Object value) {
    return write(JSON, value);
  }

  static String write(ObjectMapper mapper, Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write YAML", e);
    }
  }
}
