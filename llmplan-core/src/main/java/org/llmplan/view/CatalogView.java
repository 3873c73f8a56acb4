package org.llmplan.view;

import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.Precision;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;
import org.llmplan.profile.EngineProfile;

/**
 * JSON of `catalog show` and GET /api/catalog/{kind}/{name}: the entry as in the YAML (the catalog record
 * itself), its kind, and for models the counts derived from it.
 *
 * @param derived for models, else absent
 */
public record CatalogView(String kind, Object entry, Derived derived) {

  public static CatalogView of(Object entry) {
    return new CatalogView(kindOf(entry), entry, entry instanceof ModelSpec m ? Derived.of(m) : null);
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

  /** A model's parameter counts and its 16-bit weight bytes. */
  public record Derived(long totalParams, long activeParamsPerToken, long embeddingParams,
      long transformerLayerParams, String attention, long bf16WeightsBytes) {

    static Derived of(ModelSpec m) {
      ParameterCounts pc = m.parameters();
      return new Derived(pc.total(), pc.activePerToken(m), pc.embeddings(), pc.transformerLayers(),
          m.attentionKind().name(), (long) (pc.total() * Precision.BF16.bytes()));
    }
  }
}
