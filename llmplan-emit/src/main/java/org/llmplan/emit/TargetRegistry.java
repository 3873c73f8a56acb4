package org.llmplan.emit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmplan.emit.monitor.GrafanaTarget;
import org.llmplan.emit.monitor.PrometheusTarget;
import org.llmplan.emit.train.ContainerTarget;
import org.llmplan.emit.train.DeepSpeedTarget;
import org.llmplan.emit.train.KubernetesTarget;
import org.llmplan.emit.train.MegatronTarget;
import org.llmplan.emit.train.SlurmTarget;
import org.llmplan.emit.train.TorchrunTarget;
import org.llmplan.emit.train.TorchtitanTarget;
import org.llmplan.emit.train.TrainingProgram;
import org.llmplan.error.InvalidValueException;

/**
 * The targets a bundle can hold, in the order their files are generated (the README last, since it lists the
 * others). Serving targets join this list when serving plans exist.
 */
public final class TargetRegistry {
  /** Targets written whatever the framework: launchers, container, monitoring and the README. */
  private static final List<String> COMMON = List.of("torchrun", "slurm", "kubernetes", "container", "prometheus",
      "grafana", "readme");

  private final Map<String, EmitTarget> targets = new LinkedHashMap<>();

  private TargetRegistry(List<EmitTarget> list) {
    list.forEach(t -> targets.put(t.name(), t));
  }

  public static TargetRegistry standard() {
    return new TargetRegistry(List.of(new MegatronTarget(), new DeepSpeedTarget(), new TorchtitanTarget(),
        new TorchrunTarget(), new SlurmTarget(), new KubernetesTarget(), new ContainerTarget(),
        new PrometheusTarget(), new GrafanaTarget(), new ReadmeTarget()));
  }

  public List<EmitTarget> all() {
    return List.copyOf(targets.values());
  }

  /** Checks target names before any plan is read, so a typo is reported first. */
  public void checkNames(List<String> names) {
    for (String name : names) {
      if (!targets.containsKey(name)) {
        throw new InvalidValueException("unknown target '" + name + "': choose from "
            + String.join(", ", targets.keySet()));
      }
    }
  }

  /**
   * The targets to write, in generation order: the ones named (all of the plan's by default: its framework's
   * configuration and every common target) plus the configuration files the chosen launchers refer to.
   */
  public List<EmitTarget> select(List<String> names, LaunchPlan plan) {
    List<String> wanted = new ArrayList<>();
    if (names == null || names.isEmpty()) {
      wanted.addAll(TrainingProgram.of(plan).configTargets());
      wanted.addAll(COMMON);
    } else {
      checkNames(names);
      wanted.addAll(names);
    }
    Set<String> chosen = new LinkedHashSet<>(wanted);
    for (String name : wanted) {
      chosen.addAll(targets.get(name).requires(plan));
    }
    return targets.values().stream().filter(t -> chosen.contains(t.name())).toList();
  }
}
