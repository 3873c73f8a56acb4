package org.llmplan.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random and mutated requests over every endpoint: valid bodies with a field replaced, removed, added or
 * renamed, bodies cut or spliced as text, wrong methods, content types and encodings, and names that point at
 * files (the canary folder among them).
 */
final class FuzzRequests {
  /** One request to send. */
  record Request(String method, String path, String type, String body) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A pasted config.json: a small Llama. */
  private static final String SMALL_CONFIG = "{\"model_type\":\"llama\",\"hidden_size\":256,\"num_hidden_layers\":2,"
      + "\"num_attention_heads\":4,\"num_key_value_heads\":2,\"intermediate_size\":512,\"vocab_size\":1000}";

  /** Valid requests, one or more per endpoint, that the mutations start from. */
  static final List<Request> TEMPLATES = List.of(
      new Request("GET", "/api/catalog/gpus", null, null),
      new Request("GET", "/api/catalog/models/llama-3.1-8b", null, null),
      new Request("GET", "/api/memory/weights?model=gpt3-175b&precision=bf16&gpu=a100-80gb", null, null),
      new Request("GET", "/api/health", null, null),
      new Request("GET", "/api/ready", null, null),
      new Request("GET", "/", null, null),
      new Request("POST", "/api/memory/train", "application/json",
          "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":8,\"tp\":2,\"seq\":4096,\"recompute\":\"selective\"}"),
      new Request("POST", "/api/memory/infer", "application/json",
          "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"tp\":1,\"precision\":\"fp8\",\"input\":1000,\"output\":100}"),
      new Request("POST", "/api/train", "application/json",
          "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"tokens\":\"1T\",\"simulations\":100}"),
      new Request("POST", "/api/network", "application/json",
          "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"fabric\":\"roce-200g\"}"),
      new Request("POST", "/api/serve", "application/json", "{\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":"
          + "\"h100\"},\"input\":\"200\",\"output\":\"20\",\"rate\":\"2\",\"duration\":\"10s\",\"ttftP99\":\"2s\"}"),
      new Request("POST", "/api/search/serve", "application/json", "{\"base\":{\"deployment\":{\"model\":"
          + "\"llama-3.1-8b\",\"gpu\":\"h100\",\"precision\":\"fp8\"},\"input\":\"200\",\"output\":\"20\",\"rate\":"
          + "\"2\",\"duration\":\"10s\",\"tpotP99\":\"50ms\"},\"maxTp\":1,\"maxNumSeqs\":[64]}"),
      new Request("POST", "/api/search/train", "application/json", "{\"model\":\"gpt3-1.3b\",\"gpu\":\"a100-80gb\","
          + "\"gpus\":8,\"seq\":1024,\"globalBatch\":16,\"tokens\":\"100B\",\"top\":2,\"timeLimitSeconds\":0.3}"),
      new Request("POST", "/api/emit", "application/json", "{\"plan\":{\"format\":\"llmplan-plan/1\",\"training\":"
          + "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2}},\"targets\":[\"torchrun\"]}"),
      new Request("POST", "/api/compare", "application/json", "{\"a\":{\"format\":\"llmplan-plan/1\",\"training\":"
          + "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":2,\"sharding\":\"dist-opt\"}},\"b\":{\"format\":\"llmplan-plan/1\","
          + "\"training\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\",\"gpus\":16,\"tp\":4,\"sharding\":\"dist-opt\"}}}"),
      new Request("POST", "/api/memory/train", "application/json", "{\"modelConfig\":" + SMALL_CONFIG
          + ",\"gpu\":\"h100\",\"gpus\":8,\"tp\":2}"),
      new Request("POST", "/api/memory/infer", "application/json", "{\"modelConfig\":" + SMALL_CONFIG
          + ",\"gpu\":\"h100\"}"),
      new Request("POST", "/api/validate/inference", "text/csv", "id,model\nI1,llama-3.1-8b\n"),
      new Request("POST", "/api/validate/training", "text/csv", "id,model,params\nT1,x,1B\n"));

  private final Random random;
  private final List<String> names;

  /** @param paths names that point at files the server must never open */
  FuzzRequests(long seed, List<String> paths) {
    this.random = new Random(seed);
    List<String> n = new ArrayList<>(List.of("", ".", "..", "../..", "/", "~", "h100", "llama-3.1-8b", "gpt3-175b",
        "\u0000", "a\u0000b", "\ud800", "x\udc00", "%00", "%zz", "\u202e", "1e9999", "NaN", "-1", "0",
        "99999999999999999999", "lognormal:1000,0.5", "1T", "10min", "zero3", "x".repeat(250), "é", "😀",
        "config.json", "/etc/passwd", "../config.json", "C:\\x", "java.lang.Integer", "${jndi:x}", "<script>"));
    n.addAll(paths);
    this.names = List.copyOf(n);
  }

  Request next() {
    Request t = TEMPLATES.get(random.nextInt(TEMPLATES.size()));
    int kind = random.nextInt(20);
    if (kind == 0) {
      return new Request(pick("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"), t.path(), t.type(), t.body());
    }
    if (kind == 1) {
      return new Request(t.method(), t.path(), pick(null, "text/plain", "application/json; charset=utf-8",
          "application/x-www-form-urlencoded", "application/jsonx", "text/csv", "*/*"), t.body());
    }
    if (kind == 2) {
      return new Request(pick("GET", "POST"), randomPath(), t.type(), t.body());
    }
    if (t.body() == null) {
      return new Request(t.method(), mutatePath(t.path()), null, null);
    }
    if (kind < 6 || !t.type().equals("application/json")) {
      return new Request(t.method(), t.path(), t.type(), mutateText(t.body()));
    }
    return new Request(t.method(), t.path(), t.type(), mutateJson(t.body()));
  }

  private String mutateText(String body) {
    StringBuilder b = new StringBuilder(body);
    int at = random.nextInt(b.length() + 1);
    switch (random.nextInt(6)) {
      case 0 -> b.setLength(at);
      case 1 -> b.insert(at, (char) random.nextInt(0x3000));
      case 2 -> b.append(pick(" x", "{}", "]", ",", "\u0000", " // c", "\n{\"a\":1}"));
      case 3 -> b.insert(at, pick("\"", "{", "[", ":", "\\", "\\u", "\\ud800", "1e400", "-"));
      case 4 -> b.replace(0, b.length(), b.toString().repeat(1 + random.nextInt(3)));
      default -> {
        if (at < b.length()) {
          b.deleteCharAt(at);
        }
      }
    }
    return b.toString();
  }

  private String mutateJson(String body) {
    try {
      ObjectNode root = (ObjectNode) JSON.readTree(body);
      for (int i = 1 + random.nextInt(3); i > 0; i--) {
        JsonNode inner = root.get(pick("deployment", "base", "plan", "a", "modelConfig"));
        mutateObject(random.nextInt(3) == 0 && inner instanceof ObjectNode o ? o : root);
      }
      return JSON.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void mutateObject(ObjectNode o) {
    List<String> fields = new ArrayList<>();
    o.fieldNames().forEachRemaining(fields::add);
    String field = fields.isEmpty() ? "model" : fields.get(random.nextInt(fields.size()));
    switch (random.nextInt(6)) {
      case 0 -> o.remove(field);
      case 1 -> o.set(pick("tpp", "model", "gpu", "x", "", "\u0000", "trace", "plan", "catalog", "modelConfig",
          "_name_or_path", "model_type"), value());
      case 2 -> o.set(field + pick("s", "X", ""), o.remove(field));
      default -> o.set(field, value());
    }
  }

  private JsonNode value() {
    return switch (random.nextInt(9)) {
      case 0 -> NODES.numberNode(pick(0, -1, 1, 3, 7, 1024, Integer.MAX_VALUE, Integer.MIN_VALUE));
      case 1 -> NODES.numberNode(pick(1.5, -0.0, 1e308, 1e-300, 0.999, 65536.5));
      case 2 -> NODES.numberNode(new java.math.BigInteger("123456789012345678901234567890"));
      case 3 -> NODES.booleanNode(random.nextBoolean());
      case 4 -> NODES.nullNode();
      case 5 -> {
        ArrayNode a = NODES.arrayNode();
        a.add(pick(names)).add(random.nextInt(100));
        yield a;
      }
      case 6 -> NODES.objectNode().put("model", pick(names));
      default -> NODES.textNode(pick(names));
    };
  }

  private String mutatePath(String path) {
    String name = java.net.URLEncoder.encode(pick(names), java.nio.charset.StandardCharsets.UTF_8);
    return switch (random.nextInt(5)) {
      case 0 -> path + (path.contains("?") ? "&" : "?") + pick("model", "params", "gpu", "precision", "x") + "=" + name;
      case 1 -> path.replaceFirst("=[^&]*", "=" + pick("%zz", "%", "%E0%A4", "%00", "%C0%AF", name));
      case 2 -> "/api/catalog/" + pick("models", "gpus", "engines", "x", "..", "%2e%2e") + "/" + name;
      case 3 -> path + pick("/", "//", "/..", "/%2e%2e/", "%00", ";x", "#x");
      default -> "/api/memory/weights?params=" + pick("175B", "-1", "1e400", "NaN", "0x10", name);
    };
  }

  private String randomPath() {
    return pick("/api", "/api/", "/api/x", "/web/", "/web/../pom.xml", "/web/app.js/..", "/../etc/passwd",
        "/api/catalog", "/api/catalog//x", "/metrics/x", "/api/memory", "/%2e%2e/%2e%2e/etc/passwd",
        "/api/openapi.json/x", "/WEB/APP.JS", "/api/serve/");
  }

  @SafeVarargs
  private <T> T pick(T... options) {
    return options[random.nextInt(options.length)];
  }

  private <T> T pick(List<T> options) {
    return options.get(random.nextInt(options.size()));
  }
}
