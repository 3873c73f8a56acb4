package org.llmplan.emit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes CRD's OpenAPI v3 schema as a strict JSON Schema (draft 4, whose keywords OpenAPI v3 schemas
 * use). The API server prunes fields a structural schema does not declare, silently; here an undeclared field
 * is an error (like kubeconform -strict), so a misspelt key fails the test instead of vanishing in the
 * cluster. x-kubernetes-preserve-unknown-fields keeps a subtree open, and x-kubernetes-int-or-string fields
 * take an integer or a string.
 */
final class CrdSchema {
  private static final YAMLMapper YAML = new YAMLMapper();
  private final Schema schema;
  private final String kind;

  private CrdSchema(String kind, Schema schema) {
    this.kind = kind;
    this.schema = schema;
  }

  /** The schema of the served version {@code version} of the CRD in resource {@code file}. */
  static CrdSchema load(String file, String version) {
    JsonNode crd;
    try (InputStream in = CrdSchema.class.getResourceAsStream("/schemas/" + file)) {
      crd = YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (JsonNode v : crd.path("spec").path("versions")) {
      if (v.path("name").asText().equals(version)) {
        ObjectNode openApi = v.path("schema").path("openAPIV3Schema").deepCopy();
        strict(openApi);
        openApi.put("$schema", SpecificationVersion.DRAFT_4.getDialectId());
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(openApi);
        return new CrdSchema(crd.path("spec").path("names").path("kind").asText(), schema);
      }
    }
    throw new IllegalArgumentException(file + " has no version " + version);
  }

  String kind() {
    return kind;
  }

  /** Problems as "path: message", empty when the manifest is valid. */
  List<String> validate(JsonNode manifest) {
    return schema.validate(manifest).stream().map(Error::toString).toList();
  }

  private static void strict(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.path("x-kubernetes-int-or-string").asBoolean() && !o.has("anyOf")) {
        ArrayNode types = o.putArray("type");
        types.add("integer").add("string");
      }
      boolean open = o.path("x-kubernetes-preserve-unknown-fields").asBoolean();
      if (o.has("properties") && !o.has("additionalProperties") && !open) {
        o.put("additionalProperties", false);
      }
      for (Map.Entry<String, JsonNode> field : o.properties()) {
        strict(field.getValue());
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(CrdSchema::strict);
    }
  }
}
