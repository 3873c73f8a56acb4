package org.llmplan.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.function.Function;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.Batching;
import org.llmplan.profile.CudaGraphs;
import org.llmplan.profile.KvReservation;
import org.llmplan.profile.MemoryBudget;
import org.llmplan.profile.PrecisionPolicy;

/** How catalog YAML is read: strictly (duplicate keys, trailing text and unknown fields are errors). */
final class CatalogYaml {
  private CatalogYaml() {}

  /** One file as a tree; duplicate keys and text after the document are errors, not silently dropped. */
  static JsonNode parse(ObjectMapper yaml, String text, String origin) {
    try {
      return yaml.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ")";
      throw new MalformedInputException("catalog file " + origin + where + ": " + JsonProblems.describe(e));
    }
  }

  /** A JSON reader as strict as {@link #mapper()}, for the embedded files EmbeddedJson converted. */
  static ObjectMapper json() {
    return JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
  }

  static ObjectMapper mapper() {
    SimpleModule labels = new SimpleModule("llmplan-labels");
    labels.addDeserializer(Sharding.class, fromText(Sharding::parse));
    labels.addDeserializer(Recompute.class, fromText(Recompute::parse));
    labels.addDeserializer(PrecisionPolicy.class, fromText(PrecisionPolicy::parse));
    labels.addDeserializer(AttentionImpl.class, fromText(AttentionImpl::parse));
    labels.addDeserializer(MemoryBudget.class, fromText(MemoryBudget::parse));
    labels.addDeserializer(KvReservation.class, fromText(KvReservation::parse));
    labels.addDeserializer(Batching.class, fromText(Batching::parse));
    labels.addDeserializer(CudaGraphs.class, fromText(CudaGraphs::parse));
    return YAMLMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addModule(labels)
        .build();
  }

  private static <T> JsonDeserializer<T> fromText(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return parse.apply(p.getValueAsString());
      }
    };
  }

}
