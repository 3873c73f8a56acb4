package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;

/** {@code POST /api/compare}: two plans in the body, answered with the JSON of {@code llmplan compare --json}. */
class CompareEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":8,\"framework\":\"deepspeed\","
      + "\"recompute\":\"full\",\"globalBatch\":64";

  private static ApiServer server;
  private static Http http;

  @BeforeAll
  static void start() {
    server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static String plan(String sharding) {
    return "{\"format\":\"llmplan-plan/1\",\"training\":{" + JOB + ",\"sharding\":\"" + sharding + "\"}}";
  }

  private static JsonNode compare(String a, String b) throws Exception {
    HttpResponse<String> r = http.post("/api/compare", "{\"a\":" + a + ",\"b\":" + b + "}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void zero3AgainstZero2LikeTheCommandLine() throws Exception {
    JsonNode c = compare(plan("zero3"), plan("zero2"));
    // The numbers of each side are those of the plan alone (memory train of the same job), as in the CLI's test.
    double memoryA = JSON.readTree(http.post("/api/memory/train", "{" + JOB + ",\"sharding\":\"zero3\"}").body())
        .get("totalBytes").asDouble();
    double memoryB = JSON.readTree(http.post("/api/memory/train", "{" + JOB + ",\"sharding\":\"zero2\"}").body())
        .get("totalBytes").asDouble();
    assertThat(c.at("/a/memoryBytes").asDouble()).isEqualTo(memoryA);
    assertThat(c.at("/b/memoryBytes").asDouble()).isEqualTo(memoryB);
    assertThat(memoryA).isLessThan(memoryB); // ZeRO-3 shards the weights too
    assertThat(c.at("/a/gpus").asInt()).isEqualTo(8);
    assertThat(c.at("/a/kind").asText()).isEqualTo("training");
    assertThat(c.get("files").toString()).contains("deepspeed").contains("DIFFERENT");
    String body = "{\"a\":" + plan("zero3") + ",\"b\":" + plan("zero2") + "}";
    assertThat(http.post("/api/compare", body).body()).as("the same request gives the same bytes")
        .isEqualTo(http.post("/api/compare", body).body());
  }

  @Test
  void aPlanAgainstItselfDiffersInNoFile() throws Exception {
    JsonNode c = compare(plan("zero2"), plan("zero2"));
    assertThat(c.get("a")).isEqualTo(c.get("b"));
    assertThat(c.get("files")).isNotEmpty();
    c.get("files").forEach(f -> assertThat(f.get("change").asText()).as(f.toString()).isEqualTo("SAME"));
  }

  @Test
  void mistakesAreProblems() throws Exception {
    String serving = Files.readString(Path.of("../llmplan-core/src/test/resources/plan/llama-3.1-70b-serving.v1.json"));
    JsonNode p = SafeToExposeTest.problem(http.post("/api/compare", "{\"a\":" + plan("zero2") + ",\"b\":" + serving
        + "}"), 400);
    assertThat(p.get("detail").asText()).contains("compare two training plans or two serving plans");
    p = SafeToExposeTest.problem(http.post("/api/compare", "{\"a\":" + plan("zero2") + "}"), 400);
    assertThat(p.get("detail").asText()).startsWith("b:");
    p = SafeToExposeTest.problem(http.post("/api/compare", "{\"a\":" + plan("zero2") + ",\"b\":"
        + plan("zero2").replace("llama-3.1-8b", "../secret") + "}"), 400);
    assertThat(p.get("detail").asText()).contains("catalog model names");
  }
}
