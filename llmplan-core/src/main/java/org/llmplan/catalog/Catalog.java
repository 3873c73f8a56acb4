package org.llmplan.catalog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.llmplan.catalog.hf.CheckpointFormat;
import org.llmplan.error.InputFiles;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.MalformedInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.model.ModelSpec;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.profile.AttentionImpl;
import org.llmplan.profile.Batching;
import org.llmplan.profile.CudaGraphs;
import org.llmplan.profile.EngineProfile;
import org.llmplan.profile.FrameworkProfile;
import org.llmplan.profile.KvReservation;
import org.llmplan.profile.MemoryBudget;
import org.llmplan.profile.PrecisionPolicy;

/**
 * Everything llmplan knows by name: accelerators, models, nodes, fabrics, clusters, training frameworks,
 * serving engines and storage. The embedded YAML files come first; each user folder (from LLMPLAN_CATALOG,
 * then --catalog) adds entries or replaces those with the same name. A model may also be a Hugging Face config.json path.
 */
public final class Catalog {
  /** Embedded catalog files, in load order. */
  static final List<String> EMBEDDED = List.of("gpus.yaml", "models.yaml", "infrastructure.yaml",
      "frameworks.yaml", "storage.yaml",
      "engines.yaml");

  private final Registry<Accelerator> gpus = new Registry<>("gpu", Accelerator::name, Accelerator::aliases);
  private final Registry<ModelSpec> models = new Registry<>("model", ModelSpec::name, ModelSpec::aliases);
  private final Registry<NodeType> nodes = new Registry<>("node", NodeType::name, NodeType::aliases);
  private final Registry<Fabric> fabrics = new Registry<>("fabric", Fabric::name, Fabric::aliases);
  private final Registry<ClusterSpec> clusters = new Registry<>("cluster", ClusterSpec::name, ClusterSpec::aliases);
  private final Registry<FrameworkProfile> frameworks =
      new Registry<>("framework", FrameworkProfile::name, FrameworkProfile::aliases);
  private final Registry<StorageSystem> storage =
      new Registry<>("storage", StorageSystem::name, StorageSystem::aliases);
  private final Registry<EngineProfile> engines = new Registry<>("engine", EngineProfile::name, EngineProfile::aliases);

  private Catalog() {}

  /** The embedded catalog only. */
  public static Catalog embedded() {
    return load(List.of());
  }

  /**
   * The embedded catalog, then every *.yaml / *.yml file of each folder in order; an entry whose name is known
   * is merged over the known one (see {@link CatalogEntries}).
   */
  public static Catalog load(List<Path> userFolders) {
    return load(userFolders, null);
  }

  /**
   * As {@link #load(List)}, then {@code overlay}: YAML text in the catalog format read last (the command line's
   * own entries, such as prices given with --price); null for none.
   */
  public static Catalog load(List<Path> userFolders, String overlay) {
    ObjectMapper yaml = mapper();
    CatalogEntries entries = new CatalogEntries();
    for (String file : EMBEDDED) {
      try (InputStream in = Catalog.class.getResourceAsStream("/catalog/" + file)) {
        if (in == null) {
          throw new IllegalStateException("embedded catalog file missing: " + file);
        }
        entries.add(parse(yaml, new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded " + file), file);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read embedded catalog " + file, e);
      }
    }
    for (Path folder : userFolders) {
      for (Path file : yamlFiles(folder)) {
        entries.add(parse(yaml, InputFiles.read(file, "catalog file"), file.toString()), file.toString());
      }
    }
    if (overlay != null) {
      entries.add(parse(yaml, overlay, "the command line"), "the command line");
    }
    Catalog c = new Catalog();
    c.add(new CatalogFile(entries.read(yaml, "gpus", Accelerator.class),
        entries.read(yaml, "models", ModelSpec.class), entries.read(yaml, "nodes", NodeType.class), entries.read(yaml, "fabrics", Fabric.class),
        entries.read(yaml, "clusters", ClusterSpec.class), entries.read(yaml, "frameworks", FrameworkProfile.class),
        entries.read(yaml, "storage", StorageSystem.class), entries.read(yaml, "engines", EngineProfile.class)));
    c.fillAssumedCeilings();
    c.checkReferences();
    return c;
  }

  /** Folders named in an environment value such as LLMPLAN_CATALOG (separated by the path separator). */
  public static List<Path> foldersFrom(String value) {
    List<Path> folders = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(File.pathSeparator)) {
        if (!part.isBlank()) {
          folders.add(Path.of(part.trim()));
        }
      }
    }
    return folders;
  }

  private static List<Path> yamlFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      throw new MalformedInputException("catalog folder " + folder + " does not exist or is not a folder");
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new MalformedInputException("cannot list catalog folder " + folder + ": " + e.getMessage());
    }
  }

  /** One file as a tree; duplicate keys and text after the document are errors, not silently dropped. */
  private static JsonNode parse(ObjectMapper yaml, String text, String origin) {
    try {
      return yaml.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " (line " + at.getLineNr() + ")";
      throw new MalformedInputException("catalog file " + origin + where + ": " + JsonProblems.describe(e));
    }
  }

  static ObjectMapper mapper() {
    SimpleModule labels = new SimpleModule("llmplan-labels");
    labels.addDeserializer(Sharding.class, fromText(Sharding::parse));
    labels.addDeserializer(Recompute.class, fromText(Recompute::parse));
    labels.addDeserializer(PrecisionPolicy.class, fromText(PrecisionPolicy::parse));
    labels.addDeserializer(AttentionImpl.class, fromText(AttentionImpl::parse));
    labels.addDeserializer(MemoryBudget.class, fromText(MemoryBudget::parse));
    labels.addDeserializer(KvReservation.class, fromText(KvReservation::parse));
    labels.addDeserializer(Batching.class, fromText(Batching::parse));
    labels.addDeserializer(CudaGraphs.class, fromText(CudaGraphs::parse));
    return YAMLMapper.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .addModule(labels)
        .build();
  }

  private static <T> JsonDeserializer<T> fromText(Function<String, T> parse) {
    return new JsonDeserializer<>() {
      @Override
      public T deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
        return parse.apply(p.getValueAsString());
      }
    };
  }

  private void add(CatalogFile f) {
    f.gpus().forEach(gpus::add);
    f.models().forEach(models::add);
    f.nodes().forEach(nodes::add);
    f.fabrics().forEach(fabrics::add);
    f.clusters().forEach(clusters::add);
    f.frameworks().forEach(frameworks::add);
    f.storage().forEach(storage::add);
    f.engines().forEach(engines::add);
  }

  /**
   * Accelerators without measurements get the ceilings of the entry their efficiencyFrom names, after every
   * file is read, so that a calibrated overlay of that entry moves them too.
   */
  private void fillAssumedCeilings() {
    for (Accelerator g : gpus.all()) {
      if (g.efficiencyFrom() != null) {
        gpus.add(g.assumingEfficiency(measuredCeilings(g, 0)));
      }
    }
  }

  /** The ceilings at the end of an accelerator's efficiencyFrom chain. */
  private Efficiency measuredCeilings(Accelerator g, int steps) {
    if (g.efficiencyFrom() == null) {
      return g.efficiency();
    }
    if (steps > gpus.all().size()) {
      throw new MalformedInputException("gpu " + g.name() + " efficiencyFrom: the entries name each other in a"
          + " circle; end the chain at an entry with an efficiency block");
    }
    requireKnown(gpus, g.efficiencyFrom(), "gpu " + g.name() + " efficiencyFrom");
    return measuredCeilings(gpus.get(g.efficiencyFrom()), steps + 1);
  }

  /** Nodes must name known GPUs and fabrics, clusters known nodes and fabrics. */
  private void checkReferences() {
    for (NodeType n : nodes.all()) {
      requireKnown(gpus, n.gpu(), "node " + n.name());
      requireKnown(fabrics, n.nicFabric(), "node " + n.name());
    }
    for (ClusterSpec cl : clusters.all()) {
      requireKnown(nodes, cl.node(), "cluster " + cl.name());
      requireKnown(fabrics, cl.fabric(), "cluster " + cl.name());
    }
  }

  private static void requireKnown(Registry<?> registry, String name, String owner) {
    if (!registry.contains(name)) {
      throw new MalformedInputException(owner + " refers to unknown " + registry.kind() + " '" + name + "'");
    }
  }

  public Accelerator gpu(String name) {
    return gpus.get(name);
  }

  /** Whether the catalog itself (not a config.json path) has a model of this name or alias. */
  public boolean hasModel(String name) {
    return models.contains(name);
  }

  /** A catalog model by name, or a Hugging Face config.json (a file, or a folder holding one). */
  public ModelSpec model(String nameOrPath) {
    if (!models.contains(nameOrPath)) {
      Path path = Path.of(nameOrPath);
      if (nameOrPath.endsWith(".json") || Files.isDirectory(path)) {
        return HuggingFaceConfig.read(Files.isDirectory(path) ? path.resolve("config.json") : path);
      }
    }
    return models.get(nameOrPath);
  }

  /** The stored weight format of a quantized config.json model; empty for catalog models and 16-bit ones. */
  public Optional<CheckpointFormat> checkpointFormat(String nameOrPath) {
    if (models.contains(nameOrPath) || !(nameOrPath.endsWith(".json") || Files.isDirectory(Path.of(nameOrPath)))) {
      return Optional.empty();
    }
    Path path = Path.of(nameOrPath);
    return HuggingFaceConfig.checkpointFormat(Files.isDirectory(path) ? path.resolve("config.json") : path);
  }

  /** The first catalog node built around this accelerator, if any. */
  public Optional<NodeType> defaultNode(String gpuName) {
    String gpu = gpus.get(gpuName).name();
    return nodes.all().stream().filter(n -> gpus.get(n.gpu()).name().equals(gpu)).findFirst();
  }

  /**
   * The network of the first catalog node built around this accelerator, else one 400 Gb/s NIC per GPU (the
   * DGX H100 design).
   */
  public ScaleOut defaultScaleOut(String gpuName) {
    return defaultNode(gpuName).map(n -> ScaleOut.of(n, fabric(n.nicFabric())))
        .orElse(new ScaleOut("assumed 400G per GPU", 8, 400, 0));
  }

  public NodeType node(String name) {
    return nodes.get(name);
  }

  public Fabric fabric(String name) {
    return fabrics.get(name);
  }

  public ClusterSpec cluster(String name) {
    return clusters.get(name);
  }

  public FrameworkProfile framework(String name) {
    return frameworks.get(name);
  }

  public EngineProfile engine(String name) {
    return engines.get(name);
  }

  public List<Accelerator> gpus() {
    return gpus.all();
  }

  public List<ModelSpec> models() {
    return models.all();
  }

  public List<NodeType> nodes() {
    return nodes.all();
  }

  public List<Fabric> fabrics() {
    return fabrics.all();
  }

  public List<ClusterSpec> clusters() {
    return clusters.all();
  }

  public List<FrameworkProfile> frameworks() {
    return frameworks.all();
  }

  public StorageSystem storage(String name) {
    return storage.get(name);
  }

  public List<StorageSystem> storage() {
    return storage.all();
  }

  public List<EngineProfile> engines() {
    return engines.all();
  }

  /** Which kinds hold an entry of this name: for `catalog show NAME`. */
  public List<Object> findAnywhere(String name) {
    List<Object> found = new ArrayList<>();
    for (Registry<?> r : List.of(gpus, models, nodes, fabrics, clusters, frameworks, storage, engines)) {
      if (r.contains(name)) {
        found.add(r.get(name));
      }
    }
    return found;
  }

  /** Close matches across every kind, for an unknown name in `catalog show`. */
  public List<String> closeMatchesAnywhere(String name) {
    List<String> all = new ArrayList<>();
    for (Registry<?> r : List.of(gpus, models, nodes, fabrics, clusters, frameworks, storage, engines)) {
      all.addAll(r.closeMatches(name));
    }
    return all.stream().distinct().limit(5).toList();
  }
}
