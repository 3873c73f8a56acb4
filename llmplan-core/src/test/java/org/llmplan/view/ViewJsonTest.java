package org.llmplan.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON documents are the view records: the same bytes every time, fields in the documented order. */
class ViewJsonTest {
  private static Map<String, Object> views;

  @BeforeAll
  static void build() throws Exception {
    views = ViewSamples.all();
  }

  @Test
  void twoFreshMappersWriteTheSameBytes() {
    for (Map.Entry<String, Object> view : views.entrySet()) {
      String first = JsonText.write(JsonText.json(), view.getValue());
      String second = JsonText.write(JsonText.json(), view.getValue());
      assertThat(second).as(view.getKey()).isEqualTo(first).isEqualTo(JsonText.write(view.getValue()));
    }
  }

  /** Map.of and Map.copyOf iterate in an order that changes from one JVM to the next: only another one shows it. */
  @Test
  void anotherProcessWritesTheSameBytes() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        ViewSamples.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String theirs = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isZero();
    assertThat(withoutSearchTime(theirs)).isEqualTo(withoutSearchTime(ViewSamples.printed(views)));
  }

  /** The search reports its own wall time, the one figure that differs between two runs. */
  private static String withoutSearchTime(String printed) {
    return printed.replaceAll("(\"search\" : \\{[^}]*\"seconds\" : )[0-9.E-]+", "$1 0");
  }

  @Test
  void mapsWithoutAnOrderOfTheirOwnAreWrittenSortedByKey() throws Exception {
    Map<String, Integer> unordered = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      unordered.put("key" + (char) ('a' + (i * 7) % 26) + i, i);
    }
    List<String> written = fieldNames(new ObjectMapper().readTree(JsonText.write(Map.copyOf(unordered))));
    assertThat(written).isSortedAccordingTo(String::compareTo).hasSize(40);
    JsonNode attention = tree("catalog gpu").get("entry").get("efficiency").get("attention");
    assertThat(fieldNames(attention)).hasSizeGreaterThan(1).isSortedAccordingTo(String::compareTo);
  }

  @Test
  void partsKeepTheirBreakdownOrder() throws Exception {
    assertThat(fieldNames(tree("memory train").get("parts"))).containsExactly("weights", "gradients",
        "masterWeights", "optimizerStates", "activations", "logits", "communicationBuffers", "frameworkOverhead");
    assertThat(fieldNames(tree("memory infer").get("parts"))).containsExactly("weights", "activations",
        "engineRuntime", "kvCache", "unused");
    assertThat(fieldNames(tree("train").get("time").get("parts"))).startsWith("forward", "backward", "recompute",
        "pipelineBubble").endsWith("optimizer", "offload");
    assertThat(fieldNames(tree("search train").get("plans").get(0).get("timeParts"))).startsWith("forward",
        "backward");
  }

  /** The order docs/json.md lists the fields in, and the order of the view records' components. */
  @Test
  void fieldsComeInTheDocumentedOrder() throws Exception {
    assertThat(fieldNames(tree("memory train"))).containsExactly("schemaVersion", "model", "gpu", "gpus",
        "gpusPerNode", "framework", "layout", "seq", "globalBatch", "microBatches", "precision", "policy",
        "optimizer", "attention", "stage", "fits", "totalBytes", "capacityBytes", "headroomBytes", "marginBytes",
        "parts",
        "breakdown", "hostBytesPerNode", "nvmeBytesPerNode", "levers", "notes");
    assertThat(fieldNames(tree("memory train").get("layout"))).containsExactly("tp", "pp", "dp", "cp", "ep", "vpp",
        "microBatch", "sequenceParallel", "sharding", "shardGroup", "recompute", "offloadOptimizer",
        "offloadParameters", "firstStageLayers", "lastStageLayers", "embeddingInSplit", "lossInSplit");
    assertThat(fieldNames(tree("train"))).containsExactly("schemaVersion", "model", "gpu", "gpus", "framework",
        "layout", "seq", "globalBatch", "stepSeconds", "tokensPerStep", "tokensPerSecond", "tflopsPerGpu", "mfu",
        "hfu", "flopConvention", "time", "tokens", "steps", "timeToTrainSeconds", "gpuHours", "usdPerGpuHour",
        "priceSource", "costUsd", "energyKwh", "memory", "notes", "network", "storage", "reliability", "band");
    assertThat(fieldNames(tree("memory weights"))).containsExactly("model", "params", "precision", "bytesPerParam",
        "weightsBytes", "gpu", "gpuMemoryBytes", "fitsOneGpu", "minGpusForWeights");
    assertThat(fieldNames(tree("catalog model"))).containsExactly("kind", "entry", "derived");
    assertThat(fieldNames(tree("catalog model").get("derived"))).containsExactly("totalParams",
        "activeParamsPerToken", "embeddingParams", "transformerLayerParams", "attention", "bf16WeightsBytes");
    assertThat(fieldNames(tree("search train").get("plans").get(0))).containsExactly("gpu", "gpus", "layout",
        "label", "microBatches", "memoryBytes", "capacityBytes", "hostBytesPerNode", "stepSeconds",
        "tokensPerSecond", "tflopsPerGpu", "mfu", "timeToTrainSeconds", "gpuHours", "usdPerGpuHour", "costUsd",
        "failureFactor", "expectedTimeToTrainSeconds", "expectedCostUsd", "timeParts", "request", "band");
    assertThat(fieldNames(tree("validate training").get("rows").get(0))).containsExactly("id", "model", "gpus",
        "gpu", "layout", "metric", "convention", "measured", "predicted", "errorPct", "assumptions", "family");
    assertThat(fieldNames(tree("serve").get("slo"))).containsExactly("ttftP99Seconds", "met");
  }

  /** Every field a document prints is one docs/json.md names in that command's section or one it refers to. */
  @Test
  void everyFieldIsDocumented() throws Exception {
    String docs = Files.readString(Path.of("..", "docs", "json.md"));
    Map<String, List<String>> sections = Map.ofEntries(Map.entry("memory train", List.of("memory train --json")),
        Map.entry("train", List.of("train --json", "memory train --json", "network --json")),
        Map.entry("network", List.of("network --json", "memory train --json")),
        Map.entry("search train", List.of("search train --json", "memory train --json")),
        Map.entry("memory infer", List.of("memory infer --json")),
        Map.entry("serve", List.of("serve --json", "memory infer --json")),
        Map.entry("search serve", List.of("search serve --json", "serve --json")),
        Map.entry("memory weights", List.of("memory weights --json")),
        Map.entry("catalog model", List.of("catalog list KIND")),
        Map.entry("validate training", List.of("validate training --json")),
        Map.entry("validate inference", List.of("validate inference --json", "validate training --json")));
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Map.Entry<String, List<String>> s : sections.entrySet()) {
      String text = String.join("\n", s.getValue().stream().map(command -> section(docs, command)).toList());
      for (String field : documentedFieldsOf(tree(s.getKey()))) {
        if (!Pattern.compile("\\b" + field + "\\b").matcher(text).find()) {
          missing.computeIfAbsent(s.getKey(), k -> new TreeSet<>()).add(field);
        }
      }
    }
    assertThat(missing).as("fields missing from docs/json.md").isEmpty();
  }

  /** The section of docs/json.md whose heading names the command, up to the next heading of its level. */
  private static String section(String docs, String command) {
    int start = docs.indexOf("## `llmplan " + command);
    assertThat(start).as(command).isNotNegative();
    int end = docs.indexOf("\n## ", start + 1);
    return docs.substring(start, end < 0 ? docs.length() : end);
  }

  /**
   * Field names of the document and its view objects; the engine records it embeds as they are (catalog
   * entries, requests, serving metrics) and the name-to-value maps are documented elsewhere or by their names.
   */
  private static Set<String> documentedFieldsOf(JsonNode node) {
    Set<String> names = new TreeSet<>();
    List<JsonNode> pending = new ArrayList<>(List.of(node));
    Set<String> opaque = Set.of("entry", "request", "parts", "timeParts", "metrics", "atMaxRate", "unloaded",
        "atTargetRate", "cost", "deployment", "simulated");
    while (!pending.isEmpty()) {
      JsonNode n = pending.remove(pending.size() - 1);
      if (n.isArray()) {
        n.forEach(pending::add);
      } else if (n.isObject()) {
        n.properties().forEach(f -> {
          names.add(f.getKey());
          if (!opaque.contains(f.getKey())) {
            pending.add(f.getValue());
          }
        });
      }
    }
    return names;
  }

  private static JsonNode tree(String name) throws IOException {
    return new ObjectMapper().readTree(JsonText.write(views.get(name)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
