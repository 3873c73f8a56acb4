package org.llmplan.server.view;

import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.Precision;
import org.llmplan.profile.EngineProfile;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;
import org.llmplan.hardware.StorageSystem;

/** JSON of `catalog show`: the entry as in the YAML, its kind, and for models the counts derived from it. */
public final class CatalogView {
  private CatalogView() {}

  public static Map<String, Object> of(Object entry) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("kind", kindOf(entry));
    view.put("entry", entry);
    if (entry instanceof ModelSpec m) {
      view.put("derived", derived(m));
    }
    return view;
  }

  static String kindOf(Object entry) {
    if (entry instanceof Accelerator) {
      return "gpu";
    } else if (entry instanceof ModelSpec) {
      return "model";
    } else if (entry instanceof NodeType) {
      return "node";
    } else if (entry instanceof ClusterSpec) {
      return "cluster";
    } else if (entry instanceof Fabric) {
      return "fabric";
    } else if (entry instanceof StorageSystem) {
      return "storage";
    } else if (entry instanceof EngineProfile) {
      return "engine";
    }
    return "framework";
  }

  private static Map<String, Object> derived(ModelSpec m) {
    ParameterCounts pc = m.parameters();
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("totalParams", pc.total());
    d.put("activeParamsPerToken", pc.activePerToken(m));
    d.put("embeddingParams", pc.embeddings());
    d.put("transformerLayerParams", pc.transformerLayers());
    d.put("attention", m.attentionKind().name());
    d.put("bf16WeightsBytes", (long) (pc.total() * Precision.BF16.bytes()));
    return d;
  }
}
