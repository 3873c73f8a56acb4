package org.llmplan.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every launcher starts under torchrun for the plan's framework, so torchrun, Slurm and Kubernetes run
 * exactly the same program with the same arguments. The framework's plug-in ({@link TrainingFramework}) builds it.
 *
 * @param entry what torchrun runs: a script path, or "-m" and a module
 * @param args the program's arguments (words in the neutral form of {@link Shell})
 * @param settings site-specific values with defaults (data, checkpoints), overridable from the environment
 * @param environment fixed variables the framework needs
 * @param configTargets bundle targets whose files the arguments name
 * @param summary one line for the bundle README
 */
public record TrainingProgram(
    List<String> entry,
    List<String> args,
    Map<String, String> settings,
    Map<String, String> environment,
    List<String> configTargets,
    String summary) {

  /** torchrun's positional part: the entry point followed by the program's arguments. */
  public List<String> words() {
    List<String> w = new ArrayList<>(entry);
    w.addAll(args);
    return w;
  }

  /** Where every launcher keeps the run's checkpoints by default. */
  public static String checkpoints(LaunchPlan plan) {
    return "/data/checkpoints/" + plan.name();
  }

  /** An ordered map from alternating names and values, for settings and environments. */
  public static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }
}
