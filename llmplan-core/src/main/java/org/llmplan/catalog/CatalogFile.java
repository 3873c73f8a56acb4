package org.llmplan.catalog;

import java.util.List;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.profile.EngineProfile;
import org.llmplan.model.ModelSpec;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.profile.FrameworkProfile;

/** One YAML catalog file: any of the nine lists, each optional. */
record CatalogFile(
    List<Accelerator> gpus,
    List<ModelSpec> models,
    List<NodeType> nodes,
    List<Fabric> fabrics,
    List<ClusterSpec> clusters,
    List<FrameworkProfile> frameworks,
    List<StorageSystem> storage,
    List<EngineProfile> engines) {

  CatalogFile {
    gpus = gpus == null ? List.of() : gpus;
    models = models == null ? List.of() : models;
    nodes = nodes == null ? List.of() : nodes;
    fabrics = fabrics == null ? List.of() : fabrics;
    clusters = clusters == null ? List.of() : clusters;
    frameworks = frameworks == null ? List.of() : frameworks;
    storage = storage == null ? List.of() : storage;
    engines = engines == null ? List.of() : engines;
  }
}
