package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.Units;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Precision;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan memory weights`: the bytes of the weights alone, and how many GPUs they fill. */
@Command(name = "weights", description = "Bytes of the weights alone in a precision, and the fewest GPUs that hold "
    + "them.", mixinStandardHelpOptions = true)
final class MemoryWeightsCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Mixin
  CatalogOptions catalog;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Size size;

  /** A catalog model, or a bare parameter count. */
  static final class Size {
    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "Catalog model or config.json.")
    String model;

    @Option(names = "--params", paramLabel = "COUNT", description = "Parameter count, e.g. 175B or 7e9.")
    String params;
  }

  @Option(names = "--precision", defaultValue = "bf16", description = "fp32, bf16, fp16, fp8, int8 or fp4 "
      + "(default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = {"-g", "--gpu"}, defaultValue = "h100-sxm", description = "GPU to compare with (default: "
      + "${DEFAULT-VALUE}).")
  String gpu;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public void run() {
    Catalog c = catalog.load();
    String name;
    double params;
    if (size.model != null) {
      var m = c.model(size.model);
      name = m.name();
      params = m.parameters().total();
    } else {
      params = parseCount(size.params);
      name = size.params + " parameters";
    }
    Precision p = Precision.parse(precision);
    Accelerator a = c.gpu(gpu);
    double bytes = params * p.bytes();
    long gpusNeeded = (long) Math.ceil(bytes / a.memoryBytes());
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("model", name);
      view.put("params", (long) params);
      view.put("precision", p.label());
      view.put("bytesPerParam", p.bytes());
      view.put("weightsBytes", bytes);
      view.put("gpu", a.name());
      view.put("gpuMemoryBytes", a.memoryBytes());
      view.put("fitsOneGpu", bytes <= a.memoryBytes());
      view.put("minGpusForWeights", gpusNeeded);
      out.println(Json.write(view));
      return;
    }
    out.printf("%s: %s params x %s B (%s) = %s (%s)%n", name, Units.count(params), trim(p.bytes()), p.label(),
        Units.gb(bytes), Units.gibWithUnit(bytes));
    out.printf("%s holds %s: %s%n", a.name(), Units.gibWithUnit(a.memoryBytes()),
        bytes <= a.memoryBytes() ? "the weights fit on one GPU"
            : "the weights alone need at least " + gpusNeeded + " GPUs (more than " + (gpusNeeded - 1) + " x "
                + Units.gibWithUnit(a.memoryBytes()) + ")");
    out.println("Weights only: training and serving need more (gradients, optimizer, activations, KV cache); see "
        + "'llmplan memory train'.");
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  /** "175B", "7e9", "1.5T", "350M" -> a count. */
  static double parseCount(String text) {
    String t = text.trim().toUpperCase(java.util.Locale.ROOT).replace("_", "").replace(",", "");
    double scale = 1;
    if (t.endsWith("T")) {
      scale = 1e12;
    } else if (t.endsWith("B") || t.endsWith("G")) {
      scale = 1e9;
    } else if (t.endsWith("M")) {
      scale = 1e6;
    } else if (t.endsWith("K")) {
      scale = 1e3;
    }
    String number = scale == 1 ? t : t.substring(0, t.length() - 1);
    double value;
    try {
      value = Double.parseDouble(number) * scale;
    } catch (NumberFormatException e) {
      throw new InvalidValueException("--params must be a count such as 175B, 7e9 or 350M, got '" + text + "'");
    }
    return InvalidValueException.requireInRange("--params", value, 1, 1e15);
  }
}
