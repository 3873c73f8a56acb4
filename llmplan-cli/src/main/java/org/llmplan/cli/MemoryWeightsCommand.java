package org.llmplan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.llmplan.catalog.Catalog;
import org.llmplan.cli.render.Units;
import org.llmplan.estimate.Quantities;
import org.llmplan.infer.WeightFormat;
import org.llmplan.model.WeightFootprint;
import org.llmplan.view.JsonText;
import org.llmplan.view.WeightsView;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan memory weights`: the bytes of the weights alone, and how many GPUs they fill. */
@Command(name = "weights", description = "Bytes of the weights alone in a precision, and the fewest GPUs that hold "
    + "them.", mixinStandardHelpOptions = true)
final class MemoryWeightsCommand implements Callable<Integer> {
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

  @Option(names = "--precision", defaultValue = "bf16", description = "Weight format: fp32, bf16, fp16, fp8, "
      + "int8, int4 (AWQ/GPTQ, groups of 128), nvfp4 (fp4) or mxfp4, scales included (default: ${DEFAULT-VALUE}).")
  String precision;

  @Option(names = {"-g", "--gpu"}, defaultValue = "h100-sxm", description = "GPU to compare with (default: "
      + "${DEFAULT-VALUE}).")
  String gpu;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() {
    Catalog c = catalog.load();
    String name;
    double params;
    if (size.model != null) {
      var m = c.model(size.model);
      name = m.name();
      params = m.parameters().total();
    } else {
      params = Quantities.parseLargeCount("--params", size.params, "parameters");
      name = size.params + " parameters";
    }
    WeightFootprint w = WeightFormat.parse(precision).footprint(params, c.gpu(gpu));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(JsonText.write(WeightsView.of(name, w)));
      return w.fitsOneGpu() ? 0 : Main.ANSWER_IS_NO;
    }
    double capacity = w.gpu().memoryBytes();
    out.printf("%s: %s params x %s B (%s) = %s (%s)%n", name, Units.count(params), trim(w.bytesPerParam()),
        w.format(), Units.gb(w.bytes()), Units.gibWithUnit(w.bytes()));
    out.printf("%s holds %s: %s%n", w.gpu().name(), Units.gibWithUnit(capacity),
        w.fitsOneGpu() ? "the weights fit on one GPU"
            : "the weights alone need at least " + w.minGpus() + " GPUs (more than " + (w.minGpus() - 1) + " x "
                + Units.gibWithUnit(capacity) + ")");
    out.println("Weights only: training and serving need more (gradients, optimizer, activations, KV cache); see "
        + "'llmplan memory train'.");
    return w.fitsOneGpu() ? 0 : Main.ANSWER_IS_NO;
  }

  private static String trim(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
