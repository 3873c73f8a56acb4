package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;

class ApiServerTest {
  private static ApiServer server;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String path, String body) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void memoryTrainAnswersLikeTheCommandLine() throws Exception {
    HttpResponse<String> r = post("/api/memory/train", """
        {"model": "gpt3-175b", "gpu": "a100-80gb", "gpus": 1024, "tp": 8, "pp": 8, "seq": 2048,
         "globalBatch": 1536, "sequenceParallel": true, "recompute": "selective"}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("stage").asText()).isEqualTo("first");
    assertThat(j.get("parts").get("activations").asDouble() / (1 << 30)).isCloseTo(9.6, within(0.1));
  }

  @Test
  void searchTrainAnswersWithTheSearchJson() throws Exception {
    HttpResponse<String> r = post("/api/search/train", """
        {"model": "gpt3-1.3b", "gpu": "a100-80gb", "gpus": 8, "seq": 1024, "globalBatch": 16, "tokens": "100B",
         "top": 3}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("feasible").asBoolean()).isTrue();
    assertThat(j.get("plans")).hasSize(3);
    assertThat(j.get("plans").get(0).get("request").get("gpus").asInt()).isEqualTo(8);
    assertThat(j.get("search").get("complete").asBoolean()).isTrue();
  }

  @Test
  void aSearchStopsAtItsTimeLimitWithTheBestSoFar() throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> r = post("/api/search/train", """
        {"model": "gpt3-175b", "gpu": ["a100-80gb", "h100"], "maxGpus": 4096, "seq": 2048, "globalBatch": 1536,
         "tokens": 3e11, "timeLimitSeconds": 1}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(ApiServer.SEARCH_SECONDS);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("search").get("complete").asBoolean()).isFalse();
    assertThat(j.get("search").get("stopReason").asText()).startsWith("time limit");
  }

  @Test
  void weightsOfTheSeedExample() throws Exception {
    JsonNode j = JSON.readTree(get("/api/memory/weights?model=gpt3-175b&precision=bf16&gpu=a100-80gb").body());
    assertThat(j.get("weightsBytes").asDouble()).isCloseTo(350e9, within(2e9));
    assertThat(j.get("minGpusForWeights").asInt()).isEqualTo(5);
  }

  @Test
  void catalogListsAndShows() throws Exception {
    JsonNode gpus = JSON.readTree(get("/api/catalog/gpus").body());
    assertThat(gpus.size()).isGreaterThanOrEqualTo(16);
    JsonNode model = JSON.readTree(get("/api/catalog/models/llama-3.1-8b").body());
    assertThat(model.get("derived").get("totalParams").asLong()).isEqualTo(8_030_261_248L);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown gpu | {\"model\":\"gpt3-175b\",\"gpu\":\"h10\"} | unknown-name",
      "bad layout | {\"model\":\"gpt3-175b\",\"gpu\":\"h100\",\"tp\":5} | invalid-layout",
      "negative | {\"model\":\"gpt3-175b\",\"gpu\":\"h100\",\"pp\":-1} | invalid-value",
      "typo field | {\"modle\":\"gpt3-175b\"} | malformed-input",
      "not json | {model: | malformed-input",
      "wrong type | {\"model\":\"gpt3-175b\",\"gpu\":\"h100\",\"tp\":\"eight\"} | malformed-input",
      "file path | {\"model\":\"/etc/passwd.json\",\"gpu\":\"h100\"} | invalid-value",
  })
  void badRequestsAre400WithAProblemBody(String name, String body, String kind) throws Exception {
    assertProblem(post("/api/memory/train", body), kind);
  }

  private static void assertProblem(HttpResponse<String> r, String kind) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("status").asInt()).isEqualTo(400);
    assertThat(j.get("type").asText()).isEqualTo("urn:llmplan:problem:" + kind);
    assertThat(j.get("detail").asText()).doesNotContain("org.llmplan").doesNotContain("Exception");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown gpu | {\"model\":\"gpt3-1.3b\",\"gpu\":\"h10\",\"gpus\":8,\"tokens\":\"1B\"} | unknown-name",
      "no count | {\"model\":\"gpt3-1.3b\",\"gpu\":\"h100\",\"tokens\":\"1B\"} | invalid-value",
      "no tokens | {\"model\":\"gpt3-1.3b\",\"gpu\":\"h100\",\"gpus\":8} | invalid-value",
      "typo field | {\"model\":\"gpt3-1.3b\",\"gpus\":8,\"tokenz\":\"1B\"} | malformed-input",
      "bad objective | {\"model\":\"gpt3-1.3b\",\"gpu\":\"h100\",\"gpus\":8,\"tokens\":\"1B\",\"objective\":\"x\"} | invalid-value",
      "file path | {\"model\":\"/etc/passwd.json\",\"gpu\":\"h100\",\"gpus\":8,\"tokens\":\"1B\"} | invalid-value",
  })
  void badSearchRequestsAre400WithAProblemBody(String name, String body, String kind) throws Exception {
    assertProblem(post("/api/search/train", body), kind);
  }


  @Test
  void unknownEndpointIs404Problem() throws Exception {
    HttpResponse<String> r = get("/api/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:llmplan:problem:not-found");
  }

  @Test
  void memoryInferAnswersLikeTheCommandLine() throws Exception {
    HttpResponse<String> r = post("/api/memory/infer", """
        {"model": "llama-3.1-70b", "gpu": "h100", "tp": 2, "precision": "fp8", "kvPrecision": "fp8",
         "engine": "tensorrt-llm", "input": 2000, "output": 500}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("engine").asText()).isEqualTo("tensorrt-llm");
    assertThat(j.get("kvCache").get("bytesPerToken").asDouble()).isEqualTo(81_920);
    assertThat(j.get("offline").get("outputTokensPerSecond").asDouble()).isPositive();
    JsonNode engines = JSON.readTree(get("/api/catalog/engines/trtllm").body());
    assertThat(engines.get("kind").asText()).isEqualTo("engine");
    assertThat(engines.get("entry").get("name").asText()).isEqualTo("tensorrt-llm");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown engine | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"engine\":\"vlm\"} | unknown-name",
      "bad layout | {\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"tp\":3} | invalid-layout",
      "negative | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"output\":-1} | invalid-value",
      "typo field | {\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"imput\":10} | malformed-input",
      "no gpu | {\"model\":\"llama-3.1-8b\"} | invalid-value",
      "file path | {\"model\":\"/etc/passwd.json\",\"gpu\":\"h100\"} | invalid-value",
  })
  void badInferRequestsAre400WithAProblemBody(String name, String body, String kind) throws Exception {
    HttpResponse<String> r = post("/api/memory/infer", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:llmplan:problem:" + kind);
  }

  @Test
  void serveAndSearchServeAnswerLikeTheCommandLine() throws Exception {
    HttpResponse<String> r = post("/api/serve", """
        {"deployment": {"model": "llama-3.1-8b", "gpu": "h100"}, "input": "lognormal:1000,0.5", "output": 200,
         "rate": 5, "duration": "2min", "ttftP99": "2s", "price": 2}""");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode j = JSON.readTree(r.body());
    assertThat(j.get("fits").asBoolean()).isTrue();
    assertThat(j.get("metrics").get("requests").asInt()).isBetween(500, 700);
    assertThat(j.get("capacity").get("maxRatePerSecond").asDouble()).isGreaterThan(5);
    assertThat(j.get("cost").get("atTargetRate").get("usdPerHour").asDouble()).isEqualTo(2.0);
    HttpResponse<String> s = post("/api/search/serve", """
        {"base": {"deployment": {"model": "llama-3.1-8b", "gpu": "h100", "precision": "fp8"}, "input": "1000",
         "output": "100", "rate": "20", "tpotP99": "50ms"}, "maxTp": 2, "maxNumSeqs": [64, 256]}""");
    assertThat(s.statusCode()).as(s.body()).isEqualTo(200);
    assertThat(JSON.readTree(s.body()).get("evaluated").asInt()).isEqualTo(4);
    assertThat(JSON.readTree(s.body()).get("feasible").asBoolean()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "negative rate | /api/serve | {\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"},\"input\":\"100\",\"output\":\"10\",\"rate\":\"-1\"}",
      "too long a run | /api/serve | {\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"},\"input\":\"100\",\"output\":\"10\",\"rate\":\"50\",\"duration\":\"1h\"}",
      "a trace file | /api/serve | {\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"},\"trace\":\"/etc/passwd\"}",
      "too big a search | /api/search/serve | {\"base\":{\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100,a100,h200\",\"precision\":\"bf16,fp8,int4\"},\"input\":\"100\",\"output\":\"10\",\"rate\":\"5\",\"ttftP99\":\"1s\"}}",
  })
  void badServeRequestsAre400(String name, String path, String body) throws Exception {
    HttpResponse<String> r = post(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:llmplan:problem:invalid-value");
  }

  /** Every field the tables of docs/api.md list is one the API reads: a body of them all is not refused. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "TrainingRequest | /api/memory/train",
      "TrainingSearchRequest | /api/search/train",
      "InferenceRequest | /api/memory/infer",
  })
  void everyDocumentedFieldIsRead(String body, String path) throws Exception {
    String all = org.llmplan.request.FlatJson.fields(RequestFieldTables.BODIES.get(body)).stream()
        .map(f -> "\"" + f.name() + "\":null").collect(java.util.stream.Collectors.joining(",", "{", "}"));
    HttpResponse<String> r = post(path, all);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).get("detail").asText()).startsWith("say which model");
  }

  @Test
  void anUnknownFieldIsOneLineNamingTheFieldsThereAre() throws Exception {
    HttpResponse<String> r = post("/api/memory/train", "{\"model\":\"gpt3-175b\",\"gpu\":\"h100\",\"tpp\":8}");
    assertProblem(r, "malformed-input");
    assertThat(JSON.readTree(r.body()).get("detail").asText())
        .startsWith("request body: unknown field 'tpp'; known fields: attention, basePrecision, capacityFactor, cluster, ")
        .contains("tp, vpp").doesNotContain("\n");
  }
}
