package org.llmplan.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.llmplan.catalog.hf.CheckpointFormat;
import org.llmplan.error.InputFiles;
import org.llmplan.error.MalformedInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.model.ModelSpec;
import org.llmplan.profile.EngineProfile;
import org.llmplan.profile.FrameworkProfile;

/**
 * Everything llmplan knows by name: accelerators, models, nodes, fabrics, clusters, training frameworks,
 * serving engines and storage. The embedded YAML files come first; each user folder (from LLMPLAN_CATALOG,
 * then --catalog) adds entries or replaces those with the same name. A model may also be a Hugging Face config.json path.
 * Each list is read on first use, so that a command parses only the embedded files it needs (start-up).
 */
public final class Catalog {
  /** Embedded catalog files, in load order, with the lists each holds (a file is parsed when one is needed). */
  static final Map<String, List<String>> EMBEDDED = embeddedFiles();

  private final CatalogEntries entries;
  private final Lazy<Registry<Accelerator>> gpus;
  private final Lazy<Registry<ModelSpec>> models;
  private final Lazy<Registry<NodeType>> nodes;
  private final Lazy<Registry<Fabric>> fabrics;
  private final Lazy<Registry<ClusterSpec>> clusters;
  private final Lazy<Registry<FrameworkProfile>> frameworks;
  private final Lazy<Registry<StorageSystem>> storage;
  private final Lazy<Registry<EngineProfile>> engines;

  private Catalog(CatalogEntries entries, ObjectMapper yaml) {
    this.entries = entries;
    gpus = new Lazy<>(() -> fillAssumedCeilings(registry(entries.read(yaml, "gpus", Accelerator.class),
        new Registry<>("gpu", Accelerator::name, Accelerator::aliases))));
    models = lazy(entries, yaml, "models", ModelSpec.class,
        () -> new Registry<>("model", ModelSpec::name, ModelSpec::aliases));
    fabrics = lazy(entries, yaml, "fabrics", Fabric.class, () -> new Registry<>("fabric", Fabric::name, Fabric::aliases));
    nodes = new Lazy<>(() -> checkNodes(registry(entries.read(yaml, "nodes", NodeType.class),
        new Registry<>("node", NodeType::name, NodeType::aliases))));
    clusters = new Lazy<>(() -> checkClusters(registry(entries.read(yaml, "clusters", ClusterSpec.class),
        new Registry<>("cluster", ClusterSpec::name, ClusterSpec::aliases))));
    frameworks = lazy(entries, yaml, "frameworks", FrameworkProfile.class,
        () -> new Registry<>("framework", FrameworkProfile::name, FrameworkProfile::aliases));
    storage = lazy(entries, yaml, "storage", StorageSystem.class,
        () -> new Registry<>("storage", StorageSystem::name, StorageSystem::aliases));
    engines = lazy(entries, yaml, "engines", EngineProfile.class,
        () -> new Registry<>("engine", EngineProfile::name, EngineProfile::aliases));
  }

  private static Map<String, List<String>> embeddedFiles() {
    Map<String, List<String>> files = new LinkedHashMap<>();
    files.put("gpus.yaml", List.of("gpus"));
    files.put("models.yaml", List.of("models"));
    files.put("infrastructure.yaml", List.of("fabrics", "nodes", "clusters"));
    files.put("frameworks.yaml", List.of("frameworks"));
    files.put("storage.yaml", List.of("storage"));
    files.put("engines.yaml", List.of("engines"));
    return Collections.unmodifiableMap(files);
  }

  private static <T> Lazy<Registry<T>> lazy(CatalogEntries entries, ObjectMapper yaml, String kind, Class<T> type,
      Supplier<Registry<T>> empty) {
    return new Lazy<>(() -> registry(entries.read(yaml, kind, type), empty.get()));
  }

  private static <T> Registry<T> registry(List<T> entries, Registry<T> registry) {
    entries.forEach(registry::add);
    return registry;
  }

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
   * own entries, such as prices given with --price); null for none. The embedded lists are read when first
   * used; every list a user file or the overlay holds is read now, so that a mistake in it is reported here.
   */
  public static Catalog load(List<Path> userFolders, String overlay) {
    ObjectMapper yaml = CatalogYaml.mapper();
    CatalogEntries entries = new CatalogEntries();
    EMBEDDED.forEach((file, kinds) -> entries.addEmbedded("embedded " + file, kinds, () -> embeddedTree(yaml, file)));
    for (Path folder : userFolders) {
      for (Path file : yamlFiles(folder)) {
        entries.add(CatalogYaml.parse(yaml, InputFiles.read(file, "catalog file"), file.toString()), file.toString());
      }
    }
    if (overlay != null) {
      entries.add(CatalogYaml.parse(yaml, overlay, "the command line"), "the command line");
    }
    Catalog c = new Catalog(entries, yaml);
    entries.userKinds().forEach(c::byKind);
    return c;
  }

  /** An embedded file as a tree: from the JSON ./llmplan wrote of it (EmbeddedJson) when there is one. */
  private static JsonNode embeddedTree(ObjectMapper yaml, String file) {
    String json = EmbeddedJson.text(file);
    return json != null ? CatalogYaml.parse(CatalogYaml.json(), json, "embedded " + file)
        : CatalogYaml.parse(yaml, embeddedText(file), "embedded " + file);
  }

  static String embeddedText(String file) {
    try (InputStream in = Catalog.class.getResourceAsStream("/catalog/" + file)) {
      if (in == null) {
        throw new IllegalStateException("embedded catalog file missing: " + file);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read embedded catalog " + file, e);
    }
  }

  /** The catalog files parsed so far (what a command's start-up paid for). */
  List<String> filesParsed() {
    return entries.parsed();
  }

  /** The registry of one list, by its YAML key; reading it makes it. */
  private Registry<?> byKind(String kind) {
    return switch (kind) {
      case "gpus" -> gpus.get();
      case "models" -> models.get();
      case "nodes" -> nodes.get();
      case "fabrics" -> fabrics.get();
      case "clusters" -> clusters.get();
      case "frameworks" -> frameworks.get();
      case "storage" -> storage.get();
      case "engines" -> engines.get();
      default -> throw new IllegalArgumentException("no catalog list " + kind);
    };
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

  /**
   * Accelerators without measurements get the ceilings of the entry their efficiencyFrom names, after every
   * file is read, so that a calibrated overlay of that entry moves them too.
   */
  private static Registry<Accelerator> fillAssumedCeilings(Registry<Accelerator> gpus) {
    for (Accelerator g : gpus.all()) {
      if (g.efficiencyFrom() != null) {
        gpus.add(g.assumingEfficiency(measuredCeilings(gpus, g, 0)));
      }
    }
    return gpus;
  }

  /** The ceilings at the end of an accelerator's efficiencyFrom chain. */
  private static Efficiency measuredCeilings(Registry<Accelerator> gpus, Accelerator g, int steps) {
    if (g.efficiencyFrom() == null) {
      return g.efficiency();
    }
    if (steps > gpus.all().size()) {
      throw new MalformedInputException("gpu " + g.name() + " efficiencyFrom: the entries name each other in a"
          + " circle; end the chain at an entry with an efficiency block");
    }
    requireKnown(gpus, g.efficiencyFrom(), "gpu " + g.name() + " efficiencyFrom");
    return measuredCeilings(gpus, gpus.get(g.efficiencyFrom()), steps + 1);
  }

  /** Nodes must name known GPUs and fabrics. */
  private Registry<NodeType> checkNodes(Registry<NodeType> read) {
    for (NodeType n : read.all()) {
      requireKnown(gpus.get(), n.gpu(), "node " + n.name());
      requireKnown(fabrics.get(), n.nicFabric(), "node " + n.name());
    }
    return read;
  }

  /** Clusters must name known nodes and fabrics. */
  private Registry<ClusterSpec> checkClusters(Registry<ClusterSpec> read) {
    for (ClusterSpec cl : read.all()) {
      requireKnown(nodes.get(), cl.node(), "cluster " + cl.name());
      requireKnown(fabrics.get(), cl.fabric(), "cluster " + cl.name());
    }
    return read;
  }

  private static void requireKnown(Registry<?> registry, String name, String owner) {
    if (!registry.contains(name)) {
      throw new MalformedInputException(owner + " refers to unknown " + registry.kind() + " '" + name + "'");
    }
  }

  public Accelerator gpu(String name) {
    return gpus.get().get(name);
  }

  /** Whether the catalog itself (not a config.json path) has a model of this name or alias. */
  public boolean hasModel(String name) {
    return models.get().contains(name);
  }

  /** A catalog model by name, or a Hugging Face config.json (a file, or a folder holding one). */
  public ModelSpec model(String nameOrPath) {
    if (!models.get().contains(nameOrPath)) {
      Path path = Path.of(nameOrPath);
      if (nameOrPath.endsWith(".json") || Files.isDirectory(path)) {
        return HuggingFaceConfig.read(Files.isDirectory(path) ? path.resolve("config.json") : path);
      }
    }
    return models.get().get(nameOrPath);
  }

  /** The stored weight format of a quantized config.json model; empty for catalog models and 16-bit ones. */
  public Optional<CheckpointFormat> checkpointFormat(String nameOrPath) {
    if (models.get().contains(nameOrPath) || !(nameOrPath.endsWith(".json") || Files.isDirectory(Path.of(nameOrPath)))) {
      return Optional.empty();
    }
    Path path = Path.of(nameOrPath);
    return HuggingFaceConfig.checkpointFormat(Files.isDirectory(path) ? path.resolve("config.json") : path);
  }

  /** The first catalog node built around this accelerator, if any. */
  public Optional<NodeType> defaultNode(String gpuName) {
    String gpu = gpus.get().get(gpuName).name();
    return nodes.get().all().stream().filter(n -> gpus.get().get(n.gpu()).name().equals(gpu)).findFirst();
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
    return nodes.get().get(name);
  }

  public Fabric fabric(String name) {
    return fabrics.get().get(name);
  }

  public ClusterSpec cluster(String name) {
    return clusters.get().get(name);
  }

  public FrameworkProfile framework(String name) {
    return frameworks.get().get(name);
  }

  public EngineProfile engine(String name) {
    return engines.get().get(name);
  }

  public List<Accelerator> gpus() {
    return gpus.get().all();
  }

  public List<ModelSpec> models() {
    return models.get().all();
  }

  public List<NodeType> nodes() {
    return nodes.get().all();
  }

  public List<Fabric> fabrics() {
    return fabrics.get().all();
  }

  public List<ClusterSpec> clusters() {
    return clusters.get().all();
  }

  public List<FrameworkProfile> frameworks() {
    return frameworks.get().all();
  }

  public StorageSystem storage(String name) {
    return storage.get().get(name);
  }

  public List<StorageSystem> storage() {
    return storage.get().all();
  }

  public List<EngineProfile> engines() {
    return engines.get().all();
  }

  /** Which kinds hold an entry of this name: for `catalog show NAME`. */
  public List<Object> findAnywhere(String name) {
    List<Object> found = new ArrayList<>();
    for (String kind : CatalogEntries.KINDS) {
      Registry<?> r = byKind(kind);
      if (r.contains(name)) {
        found.add(r.get(name));
      }
    }
    return found;
  }

  /** Close matches across every kind, for an unknown name in `catalog show`. */
  public List<String> closeMatchesAnywhere(String name) {
    List<String> all = new ArrayList<>();
    for (String kind : CatalogEntries.KINDS) {
      Registry<?> r = byKind(kind);
      all.addAll(r.closeMatches(name));
    }
    return all.stream().distinct().limit(5).toList();
  }
}
