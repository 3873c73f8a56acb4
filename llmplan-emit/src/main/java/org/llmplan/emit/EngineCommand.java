package org.llmplan.emit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The command line of a serving engine for one replica, as flags that a script writes "--flag value" and a
 * Kubernetes container writes "--flag=value". The engine's plug-in ({@link ServingEngine}) chooses the flags.
 *
 * @param program the executable and its subcommand ("vllm serve", "trtllm-serve")
 * @param model the checkpoint, first positional argument
 * @param flags the options in order
 */
public record EngineCommand(List<String> program, String model, List<Flag> flags) {
  /** Environment variable holding the checkpoint, so a local path or a quantized copy can replace it. */
  public static final String MODEL_VARIABLE = "MODEL";

  /** One option; a null value is a switch. */
  public record Flag(String name, String value) {}

  /** The same command with more options after its own. */
  public EngineCommand with(List<Flag> more) {
    List<Flag> all = new ArrayList<>(flags);
    all.addAll(more);
    return new EngineCommand(program, model, all);
  }

  /** The command as one line for a bash script, each word quoted as {@link Shell#quote} does. */
  public String line() {
    return String.join(" ", words().stream().map(Shell::quote).toList());
  }

  /** Words for a shell script: program, model, then each flag and its value as separate words. */
  public List<String> words() {
    List<String> w = new ArrayList<>(program);
    w.add(model);
    for (Flag flag : flags) {
      w.add(flag.name());
      if (flag.value() != null) {
        w.add(flag.value());
      }
    }
    return w;
  }

  /** Container args (the program goes in command): the model, then "--flag=value" or "--flag". */
  public List<String> args() {
    List<String> a = new ArrayList<>(List.of(model));
    flags.forEach(f -> a.add(f.value() == null ? f.name() : f.name() + "=" + f.value()));
    return a;
  }

  /** A number as engines read it: plain decimal, no trailing zeros. */
  public static String number(double value) {
    return new java.math.BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString()
        .toLowerCase(Locale.ROOT);
  }
}
