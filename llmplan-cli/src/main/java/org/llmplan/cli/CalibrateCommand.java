package org.llmplan.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.llmplan.calibrate.Calibration;
import org.llmplan.calibrate.Overlay;
import org.llmplan.calibrate.ProbeResult;
import org.llmplan.calibrate.ReferencePlans;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.CalibrationReport;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Fabric;
import org.llmplan.view.CalibrationView;
import org.llmplan.view.JsonText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan calibrate`: a probe's measurements as a catalog overlay, and what they change (docs/calibrate.md). */
@Command(name = "calibrate", description = "Turns the JSON of llmplan probe into a GPU (and fabric) catalog overlay "
    + "for --catalog, and shows how much it moves reference plans.", mixinStandardHelpOptions = true,
    sortOptions = false)
final class CalibrateCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Option(names = "--from", required = true, paramLabel = "FILE", description = "The probe's JSON output.")
  Path from;

  @Option(names = "--gpu", paramLabel = "NAME", description = "Catalog GPU the probe ran on (default: the one whose "
      + "kubernetesProductLabel is the probed device name).")
  String gpu;

  @Option(names = "--name", paramLabel = "NAME", description = "Name of the calibrated entry (default: the GPU's "
      + "own, which then replaces it in every plan that loads the overlay).")
  String name;

  @Option(names = "--fabric", paramLabel = "NAME", description = "Fabric a multi-node probe ran over: its "
      + "achievableFraction is calibrated too.")
  String fabric;

  @Option(names = "--out", paramLabel = "FILE", description = "Overlay file to write (default: NAME.yaml); its "
      + "folder is what --catalog takes.")
  Path out;

  @Option(names = "--json", description = "Print the report as JSON (schema: docs/json.md); the overlay is written "
      + "as without it.")
  boolean json;

  @Mixin
  CatalogOptions catalog;

  @Override
  public void run() {
    ProbeResult probe = ProbeResult.read(from);
    Catalog before = catalog.load();
    Accelerator base = Calibration.baseGpu(probe, before, gpu);
    String entry = name != null ? name.trim() : base.name();
    if (entry.isEmpty()) {
      throw new InvalidValueException("--name must not be empty");
    }
    Fabric baseFabric = fabric == null ? null : before.fabric(fabric);
    Calibration c = Calibration.of(probe, base, entry, baseFabric);
    Path target = out != null ? out : Path.of(entry + ".yaml");
    String yaml = Overlay.yaml(c, from.getFileName().toString());
    Path staged = stage(yaml);
    try {
      Catalog after = Catalog.load(withFolder(staged.getParent()));
      List<ReferencePlans.Shift> shifts = ReferencePlans.of(before, base.name(), after, entry);
      move(staged, target);
      spec.commandLine().getOut().print(json
          ? JsonText.write(CalibrationView.of(base.name(), c, shifts, target.toString())) + "\n"
          : CalibrationReport.render(probe, from, base, c, shifts, target));
    } finally {
      delete(staged.getParent());
    }
  }

  private List<Path> withFolder(Path folder) {
    List<Path> all = new ArrayList<>(Catalog.foldersFrom(System.getenv("LLMPLAN_CATALOG")));
    all.addAll(catalog.folders);
    all.add(folder);
    return all;
  }

  /** The overlay in a folder of its own, so the catalog loads it before anything is written where the user said. */
  private static Path stage(String yaml) {
    try {
      Path file = Files.createTempDirectory("llmplan-calibrate").resolve("overlay.yaml");
      Files.writeString(file, yaml);
      return file;
    } catch (IOException e) {
      throw new IllegalStateException("cannot write a temporary file", e);
    }
  }

  private static void move(Path staged, Path target) {
    try {
      Files.copy(staged, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new InvalidValueException("cannot write the overlay to " + target + " (" + e.getMessage() + "): choose "
          + "a path in a folder that exists and can be written");
    }
  }

  private static void delete(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
