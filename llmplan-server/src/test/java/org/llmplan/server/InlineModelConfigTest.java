package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmplan.catalog.Catalog;

/**
 * A Hugging Face config.json pasted into a request ({@code modelConfig}) plans like the catalog model it
 * describes, is read from the request's text without opening a file, and is refused in terms of its keys.
 */
class InlineModelConfigTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Meta's config.json of Llama 3.1 8B, the file the catalog entry llama-3.1-8b was written from (its source). */
  private static final Path LLAMA_8B = Path.of("../llmplan-core/src/test/resources/hf/llama-3.1-8b/config.json");
  private static final String JOB = "\"gpu\":\"h100\",\"gpus\":8,\"tp\":2,\"seq\":4096,\"recompute\":\"selective\"";

  private static ApiServer server;
  private static Http http;
  private static String config;

  @BeforeAll
  static void start() throws Exception {
    server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    http = new Http(server.port());
    config = JSON.readTree(Files.readString(LLAMA_8B)).toString();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static JsonNode ok(String path, String body) throws Exception {
    HttpResponse<String> r = http.post(path, body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  @Test
  void aPastedConfigPlansLikeTheCatalogModelItDescribes() throws Exception {
    JsonNode pasted = ok("/api/memory/train", "{\"modelConfig\":" + config + "," + JOB + "}");
    JsonNode named = ok("/api/memory/train", "{\"model\":\"llama-3.1-8b\"," + JOB + "}");
    // Same architecture, so every part and the total are the same bytes; only the name differs.
    assertThat(pasted.get("parts")).isEqualTo(named.get("parts"));
    assertThat(pasted.get("totalBytes").asDouble()).isEqualTo(named.get("totalBytes").asDouble());
    JsonNode trainPasted = ok("/api/train", "{\"modelConfig\":" + config + "," + JOB + ",\"tokens\":\"1T\"}");
    JsonNode trainNamed = ok("/api/train", "{\"model\":\"llama-3.1-8b\"," + JOB + ",\"tokens\":\"1T\"}");
    assertThat(trainPasted.get("stepSeconds").asDouble()).isEqualTo(trainNamed.get("stepSeconds").asDouble());
    assertThat(trainPasted.get("mfu").asDouble()).isEqualTo(trainNamed.get("mfu").asDouble());
    JsonNode network = ok("/api/network", "{\"modelConfig\":" + config + "," + JOB + "}");
    assertThat(network.toString()).contains("exposed");
  }

  @Test
  void aQuantizedConfigServesInItsStoredFormat() throws Exception {
    ObjectNode fp8 = (ObjectNode) JSON.readTree(config);
    fp8.putObject("quantization_config").put("quant_method", "fp8");
    JsonNode bf16 = ok("/api/memory/infer", "{\"modelConfig\":" + config + ",\"gpu\":\"h100\"}");
    JsonNode stored = ok("/api/memory/infer", "{\"modelConfig\":" + fp8 + ",\"gpu\":\"h100\"}");
    assertThat(bf16.at("/deployment/weightPrecision").asText()).isEqualTo("bf16");
    assertThat(stored.at("/deployment/weightPrecision").asText()).isEqualTo("fp8");
    // FP8 stores the layer matrices in 1 byte instead of 2 (embedding, LM head and norms stay 16-bit): one byte
    // saved per matrix weight, 32 layers x (4096 x (4096 + 2 x 1024 + 4096) attention + 3 x 4096 x 14336 MLP)
    // = 32 x 218,103,808 = 6,979,321,856.
    double saved = bf16.at("/parts/weights").asDouble() - stored.at("/parts/weights").asDouble();
    assertThat(saved).as(stored.toString()).isCloseTo(6_979_321_856.0, within(1.0));
  }

  @Test
  void theConfigsMistakesNameItsKeys() throws Exception {
    ObjectNode broken = (ObjectNode) JSON.readTree(config);
    broken.remove("hidden_size");
    JsonNode p = SafeToExposeTest.problem(http.post("/api/memory/train", "{\"modelConfig\":" + broken + "," + JOB
        + "}"), 400);
    assertThat(p.get("detail").asText()).contains("modelConfig").contains("hidden_size");
    p = SafeToExposeTest.problem(http.post("/api/memory/train", "{\"model\":\"llama-3.1-8b\",\"modelConfig\":"
        + config + "," + JOB + "}"), 400);
    assertThat(p.get("detail").asText()).contains("not both");
    p = SafeToExposeTest.problem(http.post("/api/memory/train", "{" + JOB + "}"), 400);
    assertThat(p.get("detail").asText()).contains("modelConfig");
    p = SafeToExposeTest.problem(http.post("/api/memory/train", "{\"modelConfig\":{\"model_type\":\"llama\","
        + "\"padding\":\"" + "x".repeat(150) + "\",\"n\":[" + "1,".repeat(40_000) + "1]}," + JOB + "}"), 400);
    assertThat(p.get("detail").asText()).contains("at most 65536");
    // 2^31 layers would have a thread count layers for seconds before any deadline: refused at the number.
    p = SafeToExposeTest.problem(http.post("/api/memory/train", "{\"modelConfig\":" + config.replace(
        "\"num_hidden_layers\":32", "\"num_hidden_layers\":2147483647") + "," + JOB + "}"), 400);
    assertThat(p.get("detail").asText()).contains("modelConfig.num_hidden_layers").contains("2147483647");
  }

  /** A path in modelConfig is text, not a file: it is refused as not being the config object itself. */
  @ParameterizedTest
  @ValueSource(strings = {"CONFIG", "FOLDER", "."})
  void aPathInModelConfigIsNeverOpened(String which, @TempDir Path dir) throws Exception {
    Path folder = Files.createDirectories(dir.resolve("secret"));
    Path file = Files.writeString(folder.resolve("config.json"), config.replace("\"llama\"", "\"llama\","
        + "\"_name_or_path\":\"CANARY\""));
    String name = switch (which) {
      case "CONFIG" -> file.toString();
      case "FOLDER" -> folder.toString();
      default -> which;
    };
    JsonNode p = SafeToExposeTest.problem(http.post("/api/memory/train", "{\"modelConfig\":"
        + JSON.writeValueAsString(name) + "," + JOB + "}"), 400);
    assertThat(p.get("detail").asText()).contains("config.json object").doesNotContain("CANARY");
  }

  @Test
  void endpointsThatNameModelsElsewhereRefuseIt() throws Exception {
    JsonNode p = SafeToExposeTest.problem(http.post("/api/serve", "{\"deployment\":{\"gpu\":\"h100\"},"
        + "\"modelConfig\":" + config + "}"), 400);
    assertThat(p.get("detail").asText()).contains("modelConfig");
  }
}
