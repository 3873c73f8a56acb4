package org.llmplan.calibrate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalog file a calibration writes: a {@code gpus} list with the calibrated entry and, from a multi-node
 * probe, a {@code fabrics} list, in the format of docs/catalogs.md, so {@code --catalog DIR} (or
 * LLMPLAN_CATALOG) puts it in front of every estimator.
 */
public final class Overlay {
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();

  private Overlay() {}

  /** The YAML text, headed by comments saying where each value came from. */
  public static String yaml(Calibration c, String probeFile) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("gpus", List.of(c.gpu()));
    if (c.fabric() != null) {
      file.put("fabrics", List.of(c.fabric()));
    }
    StringBuilder b = new StringBuilder("# Written by llmplan calibrate from " + probeFile + ".\n"
        + "# Use it with --catalog <this folder> (or LLMPLAN_CATALOG). Values from the probe:\n");
    for (CalibratedValue v : c.values()) {
      b.append("#   ").append(v.field()).append(": ")
          .append(v.fromProbe() ? Calibration.figure(v.calibrated()) + " <- " + v.measurement()
              : "kept " + Calibration.figure(v.catalog()) + " (" + v.reason() + ")")
          .append('\n');
    }
    try {
      return b.append(YAML.writeValueAsString(file)).toString();
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a catalog entry always serialises", e);
    }
  }
}
