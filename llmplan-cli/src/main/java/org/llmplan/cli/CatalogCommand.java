package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.Table;
import org.llmplan.cli.render.Units;
import org.llmplan.error.UnknownNameException;
import org.llmplan.view.CatalogView;
import org.llmplan.view.JsonText;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.ClusterSpec;
import org.llmplan.hardware.Fabric;
import org.llmplan.hardware.NodeType;
import org.llmplan.profile.EngineProfile;
import org.llmplan.model.ModelSpec;
import org.llmplan.model.ParameterCounts;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.profile.FrameworkProfile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** `llmplan catalog list KIND` and `llmplan catalog show NAME`. */
@Command(name = "catalog", description = "What llmplan knows: GPUs, models, nodes, clusters, fabrics, frameworks, "
    + "storage, engines.",
    mixinStandardHelpOptions = true)
final class CatalogCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The catalog kinds `list` accepts. */
  enum Kind { gpus, models, nodes, clusters, fabrics, frameworks, storage, engines }

  @Command(name = "list", description = "List the entries of one kind.", mixinStandardHelpOptions = true)
  static final class ListKind implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Parameters(paramLabel = "KIND", description = "One of: ${COMPLETION-CANDIDATES}.")
    Kind kind;

    @Option(names = "--json", description = "Print the entries as JSON.")
    boolean json;

    @Override
    public void run() {
      Catalog c = catalog.load();
      PrintWriter out = spec.commandLine().getOut();
      List<?> entries = switch (kind) {
        case gpus -> c.gpus();
        case models -> c.models();
        case nodes -> c.nodes();
        case clusters -> c.clusters();
        case fabrics -> c.fabrics();
        case frameworks -> c.frameworks();
        case storage -> c.storage();
        case engines -> c.engines();
      };
      if (json) {
        out.println(JsonText.write(entries));
        return;
      }
      out.print(switch (kind) {
        case gpus -> gpus(c.gpus());
        case models -> models(c.models());
        case nodes -> nodes(c.nodes());
        case clusters -> clusters(c, c.clusters());
        case fabrics -> fabrics(c.fabrics());
        case frameworks -> frameworks(c.frameworks());
        case storage -> storage(c.storage());
        case engines -> engines(c.engines());
      });
    }
  }

  @Command(name = "show", description = "Show one entry (any kind) with its source.", mixinStandardHelpOptions = true)
  static final class Show implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CatalogOptions catalog;

    @Parameters(paramLabel = "NAME", description = "A name or alias, or a Hugging Face config.json path.")
    String name;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public void run() {
      Catalog c = catalog.load();
      List<Object> found = c.findAnywhere(name);
      if (found.isEmpty() && name.endsWith(".json")) {
        found = List.of(c.model(name));
      }
      if (found.isEmpty()) {
        throw new UnknownNameException("catalog entry", name, c.closeMatchesAnywhere(name));
      }
      PrintWriter out = spec.commandLine().getOut();
      for (Object entry : found) {
        var view = CatalogView.of(entry);
        out.print(json ? JsonText.write(view) + "\n" : JsonText.yaml(view));
      }
    }
  }

  static String gpus(List<Accelerator> gpus) {
    Table t = new Table("name", "vendor", "memory", "HBM TB/s", "BF16 TF", "FP8 TF", "scale-up", "TDP W", "$/GPU-h", "price date");
    for (Accelerator a : gpus) {
      t.row(a.name(), a.vendor(), fmt("%.0f GiB", a.memoryGiB()), fmt("%.2f", a.hbmTBps()),
          fmt("%.0f", a.peaks().bf16()), a.peaks().fp8() > 0 ? fmt("%.0f", a.peaks().fp8()) : "-",
          a.scaleUp() == null ? "-" : fmt("%.0f GB/s x %d", a.scaleUp().gbPerSecond(), a.scaleUp().domain()),
          a.tdpWatts() > 0 ? fmt("%.0f", a.tdpWatts()) : "-",
          a.price() == null ? "no price" : fmt("%.2f", a.price().usdPerHour()),
          a.price() == null ? "" : a.price().date());
    }
    return t.render();
  }

  static String models(List<ModelSpec> models) {
    Table t = new Table("name", "family", "params", "layers", "hidden", "heads/kv", "attention", "MoE", "vocab");
    for (ModelSpec m : models) {
      ParameterCounts pc = m.parameters();
      t.row(m.name(), m.family() == null ? "-" : m.family(), Units.count(pc.total()), Integer.toString(m.layers()),
          Integer.toString(m.hidden()), m.heads() + "/" + m.kvHeads(), m.attentionKind().name(),
          m.isMoe() ? m.moe().experts() + "e top" + m.moe().topK() : "-", Integer.toString(m.vocab()));
    }
    return t.render();
  }

  static String nodes(List<NodeType> nodes) {
    Table t = new Table("name", "gpu", "gpus/node", "nics", "host memory");
    for (NodeType n : nodes) {
      t.row(n.name(), n.gpu(), Integer.toString(n.gpusPerNode()), n.nics() + " x " + n.nicFabric(),
          n.hostMemoryGiB() > 0 ? fmt("%.0f GiB", n.hostMemoryGiB()) : "-");
    }
    return t.render();
  }

  static String clusters(Catalog c, List<ClusterSpec> clusters) {
    Table t = new Table("name", "node", "nodes", "gpus", "fabric");
    for (ClusterSpec cl : clusters) {
      NodeType n = c.node(cl.node());
      t.row(cl.name(), n.name(), Integer.toString(cl.nodes()), Long.toString((long) cl.nodes() * n.gpusPerNode()),
          cl.fabric());
    }
    return t.render();
  }

  static String fabrics(List<Fabric> fabrics) {
    Table t = new Table("name", "kind", "Gb/s per port", "GB/s per port");
    for (Fabric f : fabrics) {
      t.row(f.name(), f.kind(), fmt("%.0f", f.gbitsPerPort()), fmt("%.1f", f.portBytesPerSecond() / 1e9));
    }
    return t.render();
  }

  static String storage(List<StorageSystem> systems) {
    Table t = new Table("name", "kind", "servers", "write GB/s", "read GB/s", "per client w/r GB/s", "PUT/GET per s",
        "durable");
    for (StorageSystem s : systems) {
      t.row(s.name(), s.kind(), s.servers() > 0 ? Integer.toString(s.servers()) : "-",
          s.servers() > 0 ? fmt("%.0f", s.servers() * s.serverWriteGBps()) : "-",
          s.servers() > 0 ? fmt("%.0f", s.servers() * s.serverReadGBps()) : "-",
          s.clientWriteGBps() > 0 ? fmt("%.1f", s.clientWriteGBps()) + " / " + fmt("%.1f", s.clientReadGBps()) : "-",
          s.prefixWriteRequests() > 0 ? fmt("%.0f", s.prefixWriteRequests()) + " / "
              + fmt("%.0f", s.prefixReadRequests()) : "-",
          s.durable() ? "yes" : "no");
    }
    return t.render();
  }

  static String frameworks(List<FrameworkProfile> frameworks) {
    Table t = new Table("name", "policy", "sharding", "recompute", "activations");
    for (FrameworkProfile f : frameworks) {
      t.row(f.name(), f.policy().label(), String.join(",", f.shardings().stream().map(s -> s.label()).toList()),
          String.join(",", f.recompute().stream().map(r -> r.label()).toList()),
          f.activations().name().toLowerCase(Locale.ROOT));
    }
    return t.render();
  }

  static String engines(List<EngineProfile> engines) {
    Table t = new Table("name", "memory share", "max seqs", "token budget", "block", "batching", "KV reservation",
        "CUDA graphs");
    for (EngineProfile e : engines) {
      t.row(e.name(), fmt("%.2f of %s", e.gpuMemoryUtilization(), e.memoryBudget().label()),
          e.maxNumSeqs() > 0 ? Integer.toString(e.maxNumSeqs()) : "-",
          e.maxBatchedTokens() > 0 ? Integer.toString(e.maxBatchedTokens()) : "-", Integer.toString(e.blockSize()),
          e.batching().label() + (e.chunkedPrefill() ? ", chunked" : ""), e.kvReservation().label(),
          e.cudaGraphs().label());
    }
    return t.render();
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
