package org.llmplan.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.Plugins;
import picocli.CommandLine.Option;

/** The --catalog option every command shares, plus LLMPLAN_CATALOG from the environment. */
public final class CatalogOptions {
  @Option(names = "--catalog", paramLabel = "DIR",
      description = "Folder of YAML files that add or override catalog entries (repeatable; after LLMPLAN_CATALOG).")
  List<Path> folders = new ArrayList<>();

  public Catalog load() {
    return load(new PriceOption(null, Map.of()));
  }

  /** The catalog with the GPU prices of a --price option's gpu=usd pairs. */
  Catalog load(PriceOption price) {
    List<Path> all = new ArrayList<>(Catalog.foldersFrom(System.getenv("LLMPLAN_CATALOG")));
    all.addAll(folders);
    Catalog catalog = Catalog.load(all);
    String overlay = price.overlay(catalog);
    if (overlay != null) {
      catalog = Catalog.load(all, overlay);
    }
    if (!all.isEmpty()) {
      // An unknown launch plug-in in a user file is a catalog error, reported before any command runs (the
      // embedded catalog's are checked by PluginsTest, so a plan that needs no engine does not read engines.yaml).
      Plugins.check(catalog);
    }
    return catalog;
  }
}
