package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.lang.reflect.RecordComponent;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.FlatJson;
import org.llmplan.server.api.Api;

/**
 * /api/openapi.json is the API: its paths are the server's routes, its request schemas the fields the
 * request records read, and every answer (successes and problems) validates against the schema it documents.
 */
class OpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static ApiServer server;
  private static Http http;
  private static JsonNode doc;

  @BeforeAll
  static void start() throws Exception {
    server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    http = new Http(server.port());
    HttpResponse<String> r = http.get("/api/openapi.json");
    assertThat(r.statusCode()).isEqualTo(200);
    doc = JSON.readTree(r.body());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void itIsOpenApi31AndItsPathsAreTheRoutes() {
    assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
    Set<String> documented = new TreeSet<>();
    doc.get("paths").properties().forEach(p -> p.getValue().fieldNames()
        .forEachRemaining(m -> documented.add(m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey())));
    Set<String> routes = server.routes().stream().map(r -> r.method() + " " + r.path())
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(documented).isEqualTo(routes);
  }

  /**
   * The request schemas list exactly the fields the records read (and refuse others); {@code also} names the
   * fields an endpoint takes out of the body before the record reads it (the pasted config.json).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "TrainingRequest, org.llmplan.request.TrainingRequest, , ",
      "TrainingBody, org.llmplan.request.TrainingRequest, , modelConfig",
      "TrainingSearchRequest, org.llmplan.search.TrainingSearchRequest, , ",
      "InferenceRequest, org.llmplan.request.InferenceRequest, , ",
      "InferenceBody, org.llmplan.request.InferenceRequest, , modelConfig",
      "ServeRequest, org.llmplan.serve.ServeRequest, , ",
      "ServeSearchRequest, org.llmplan.serve.ServeSearchRequest, , ",
      "TrainBody, org.llmplan.request.TrainingRequest, org.llmplan.server.api.TrainBody$Options, modelConfig",
      "NetworkBody, org.llmplan.request.TrainingRequest, org.llmplan.server.api.PlanEndpoints$NetworkBody, "
          + "modelConfig",
  })
  void requestSchemasAreTheRecordsFields(String schema, String record, String extra, String also) throws Exception {
    JsonNode s = doc.at("/components/schemas/" + schema);
    assertThat(s.get("additionalProperties").asBoolean(true)).isFalse();
    Set<String> documented = new TreeSet<>();
    s.get("properties").fieldNames().forEachRemaining(documented::add);
    Set<String> read = FlatJson.fields(Class.forName(record)).stream().map(FlatJson.Field::name)
        .collect(Collectors.toCollection(TreeSet::new));
    if (extra != null) {
      Arrays.stream(Class.forName(extra).getRecordComponents()).map(RecordComponent::getName).forEach(read::add);
    }
    if (also != null) {
      read.add(also);
    }
    assertThat(documented).isEqualTo(read);
  }

  /** One request per route, with the status and schema of its answer. */
  @ParameterizedTest(name = "{0} {1} -> {3}")
  @CsvSource(delimiter = '|', value = {
      "GET | /api/health | | 200",
      "GET | /api/ready | | 200",
      "GET | /api/catalog/gpus | | 200",
      "GET | /api/catalog/models/llama-3.1-8b | | 200",
      "GET | /api/catalog/models/llama-3.1-9b | | 400",
      "GET | /api/catalog/nothing | | 400",
      "GET | /api/memory/weights?model=gpt3-175b | | 200",
      "GET | /api/memory/weights | | 400",
      "POST | /api/memory/train | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":8,\"tp\":2} | 200",
      "POST | /api/memory/infer | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"} | 200",
      "POST | /api/train | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":8,\"tokens\":\"1T\"} | 200",
      "POST | /api/train | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"simulations\":1e9} | 400",
      "POST | /api/network | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"fabric\":\"roce-100g\"} | 200",
      "POST | /api/serve | {\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"},\"input\":\"100\",\"output\":\"10\",\"rate\":\"1\",\"duration\":\"20s\"} | 200",
      "POST | /api/search/serve | {\"base\":{\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"precision\":\"fp8\"},\"input\":\"100\",\"output\":\"10\",\"rate\":\"1\",\"duration\":\"20s\",\"tpotP99\":\"50ms\"},\"maxTp\":1,\"maxNumSeqs\":[64]} | 200",
      "POST | /api/search/train | {\"model\":\"gpt3-1.3b\",\"gpu\":\"a100-80gb\",\"gpus\":8,\"seq\":1024,\"globalBatch\":16,\"tokens\":\"1B\",\"top\":2} | 200",
      "POST | /api/emit | {\"plan\":{\"format\":\"llmplan-plan/2\"}} | 400",
      "POST | /api/compare | {\"a\":{\"format\":\"llmplan-plan/1\",\"training\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"sharding\":\"dist-opt\"}},\"b\":{\"format\":\"llmplan-plan/1\",\"training\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":4,\"sharding\":\"dist-opt\"}}} | 200",
      "POST | /api/compare | {\"a\":{\"format\":\"llmplan-plan/1\"}} | 400",
      "POST | /api/memory/train | {\"modelConfig\":{\"model_type\":\"llama\",\"hidden_size\":256,\"num_hidden_layers\":2,\"num_attention_heads\":4,\"intermediate_size\":512,\"vocab_size\":1000},\"gpu\":\"h100\"} | 200",
      "POST | /api/memory/infer | {\"modelConfig\":{\"model_type\":\"llama\",\"hidden_size\":256,\"num_hidden_layers\":2,\"num_attention_heads\":4,\"intermediate_size\":512,\"vocab_size\":1000},\"gpu\":\"h100\"} | 200",
      "POST | /api/memory/train | {\"modelConfig\":{\"model_type\":\"llama\"},\"gpu\":\"h100\"} | 400",
      "POST | /api/nothing | {} | 404",
      "PUT | /api/train | {} | 405",
  })
  void everyAnswerMatchesItsDocumentedSchema(String method, String path, String body, int status) throws Exception {
    HttpResponse<String> r = body == null ? http.send(method, path, null, null)
        : http.send(method, path, "application/json", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0];
    JsonNode schema = responseSchema(method, path.split("\\?")[0], status, type);
    assertThat(errors(schema, JSON.readTree(r.body()))).as(r.body()).isEmpty();
  }

  /** The header and the first rows of each published table (all of training's would pass the work deadline). */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"training, 12", "inference, 200"})
  void theValidationEndpointsAnswerAsDocumented(String kind, int rows) throws Exception {
    List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../validation/" + kind
        + "_published.csv"));
    String csv = String.join("\n", lines.subList(0, Math.min(lines.size(), rows + 1))) + "\n";
    HttpResponse<String> r = http.post("/api/validate/" + kind, "text/csv", csv);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(r.body());
    assertThat(errors(responseSchema("POST", "/api/validate/" + kind, 200, "application/json"), answer)).isEmpty();
    assertThat(answer.get("rows").size()).isGreaterThan(5);
  }

  @Test
  void theEmitAnswerIsAZipOfTheBundle() throws Exception {
    HttpResponse<byte[]> r = http.postBytes("/api/emit", "{\"plan\":{\"format\":\"llmplan-plan/1\",\"training\":"
        + "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"sharding\":\"dist-opt\"}}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/zip");
    assertThat(doc.at("/paths/~1api~1emit/post/responses/200/content").has("application/zip")).isTrue();
    List<String> names = new ArrayList<>();
    try (java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(
        new java.io.ByteArrayInputStream(r.body()))) {
      for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        names.add(e.getName());
      }
    }
    assertThat(names).contains("bundle/plan.json", "bundle/README.md");
    assertThat(http.postBytes("/api/emit", "{\"plan\":{\"format\":\"llmplan-plan/1\",\"training\":{\"model\":"
        + "\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"sharding\":\"dist-opt\"}}}").body())
        .as("the same plan gives the same bytes").isEqualTo(r.body());
  }

  @Test
  void theSearchTimeLimitIsTheDocumentedOne() {
    assertThat(ApiServer.SEARCH_SECONDS).isEqualTo(Api.SEARCH_SECONDS);
    assertThat(doc.at("/paths/~1api~1search~1train/post/summary").asText())
        .contains((int) Api.SEARCH_SECONDS + " s");
  }

  /** The documented schema of an answer, with the document's components as $defs so that its $refs resolve. */
  private static JsonNode responseSchema(String method, String path, int status, String type) throws Exception {
    JsonNode op = doc.get("paths").properties().stream()
        .filter(p -> path.matches(p.getKey().replaceAll("\\{\\w+}", "[^/]+"))).map(java.util.Map.Entry::getValue)
        .findFirst().orElse(null);
    JsonNode responses = op == null ? null : op.get(method.toLowerCase(java.util.Locale.ROOT));
    JsonNode schema = responses == null
        ? doc.at("/paths/~1api~1train/post/responses/404/content/application~1problem+json/schema")
        : responses.at("/responses/" + status + "/content/" + type.replace("/", "~1") + "/schema");
    assertThat(schema.isMissingNode()).as("%s %s documents %d %s", method, path, status, type).isFalse();
    String text = JSON.writeValueAsString(schema).replace("#/components/schemas/", "#/$defs/");
    String defs = JSON.writeValueAsString(doc.at("/components/schemas")).replace("#/components/schemas/", "#/$defs/");
    return JSON.readTree("{\"$defs\":" + defs + ",\"allOf\":[" + text + "]}");
  }

  private static List<String> errors(JsonNode schema, JsonNode value) {
    Schema s = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema);
    return s.validate(value).stream().map(Object::toString).toList();
  }
}
