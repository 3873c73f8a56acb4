package org.llmplan.emit.bundle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.Plugins;
import org.llmplan.emit.ServingEngine;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.emit.TrainingFramework;
import org.llmplan.emit.monitor.GrafanaTarget;
import org.llmplan.emit.monitor.PrometheusTarget;
import org.llmplan.emit.serve.ServingKubernetesTarget;
import org.llmplan.emit.train.ContainerTarget;
import org.llmplan.emit.train.KubernetesTarget;
import org.llmplan.emit.train.SlurmTarget;
import org.llmplan.emit.train.TorchrunTarget;
import org.llmplan.error.InvalidValueException;

/**
 * The targets a bundle can hold, in the order their files are generated (the README last, since it lists the
 * others): one list for training plans and one for serving plans. The framework and engine plug-ins bring
 * their own targets (configuration files, launch scripts), which come first; Kubernetes, Prometheus, Grafana
 * and the README exist for both kinds of plan under the same name.
 */
public final class TargetRegistry {
  /** Targets written whatever the framework: launchers, container, monitoring and the README. */
  private static final List<String> COMMON = List.of("torchrun", "slurm", "kubernetes", "container", "prometheus",
      "grafana", "readme");
  /** The common targets that start the program under torchrun. */
  private static final List<String> TORCHRUN_LAUNCHERS = List.of("torchrun", "slurm", "kubernetes");

  private final Map<String, EmitTarget> targets = new LinkedHashMap<>();
  private final Map<String, ServingTarget> serving = new LinkedHashMap<>();
  /** Serving targets an engine plug-in brings: a bundle holds those of its plan's engine only. */
  private final Set<String> launchers = new LinkedHashSet<>();

  private TargetRegistry() {
    for (TrainingFramework f : Plugins.frameworks()) {
      f.targets().forEach(t -> targets.put(t.name(), t));
    }
    PrometheusTarget prometheus = new PrometheusTarget();
    GrafanaTarget grafana = new GrafanaTarget();
    ReadmeTarget readme = new ReadmeTarget();
    List.of(new TorchrunTarget(), new SlurmTarget(), new KubernetesTarget(), new ContainerTarget(), prometheus,
        grafana, readme).forEach(t -> targets.put(t.name(), t));
    for (ServingEngine e : Plugins.engines()) {
      e.targets().forEach(t -> serving.put(t.name(), t));
    }
    launchers.addAll(serving.keySet());
    List.of(new ServingKubernetesTarget(), prometheus, grafana, readme).forEach(t -> serving.put(t.name(), t));
  }

  public static TargetRegistry standard() {
    return new TargetRegistry();
  }

  public List<ServingTarget> serving() {
    return List.copyOf(serving.values());
  }

  public List<EmitTarget> all() {
    return List.copyOf(targets.values());
  }

  /** Checks target names before any plan is read, so a typo is reported first. */
  public void checkNames(List<String> names) {
    Set<String> known = new LinkedHashSet<>(targets.keySet());
    known.addAll(serving.keySet());
    for (String name : names) {
      if (!known.contains(name)) {
        throw new InvalidValueException("unknown target '" + name + "': choose from " + String.join(", ", known));
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
      wanted.addAll(plan.program().configTargets());
      COMMON.stream().filter(t -> plan.framework().runsUnderTorchrun() || !TORCHRUN_LAUNCHERS.contains(t))
          .forEach(wanted::add);
    } else {
      requireKind(names, targets.keySet(), "training");
      requireLaunchers(names, plan);
      wanted.addAll(names);
    }
    Set<String> chosen = new LinkedHashSet<>(wanted);
    for (String name : wanted) {
      chosen.addAll(targets.get(name).requires(plan));
    }
    return targets.values().stream().filter(t -> chosen.contains(t.name())).toList();
  }

  /**
   * The serving targets to write, in generation order: the ones named, or by default every target that is
   * not a launcher plus the launchers the plan's engine asks for (its own, and alternatives it names).
   */
  public List<ServingTarget> selectServing(List<String> names, ServingLaunch plan) {
    if (names == null || names.isEmpty()) {
      List<String> own = plan.engine().bundleTargets();
      return serving.values().stream().filter(t -> !launchers.contains(t.name()) || own.contains(t.name()))
          .toList();
    }
    requireKind(names, serving.keySet(), "serving");
    return serving.values().stream().filter(t -> names.contains(t.name())).toList();
  }

  /** The torchrun launchers are refused for a framework that brings its own. */
  private static void requireLaunchers(List<String> names, LaunchPlan plan) {
    List<String> torchrun = names.stream().filter(TORCHRUN_LAUNCHERS::contains).toList();
    if (!plan.framework().runsUnderTorchrun() && !torchrun.isEmpty()) {
      throw new InvalidValueException(plan.job().framework().name() + " does not run under torchrun, so "
          + String.join(", ", torchrun) + " cannot start it: its launchers are in the "
          + String.join(", ", plan.program().configTargets()) + " target");
    }
  }

  /** Known names that do not apply to this kind of plan are an error that lists the ones that do. */
  private void requireKind(List<String> names, Set<String> applicable, String kind) {
    checkNames(names);
    List<String> other = names.stream().filter(n -> !applicable.contains(n)).toList();
    if (!other.isEmpty()) {
      throw new InvalidValueException("target" + (other.size() == 1 ? " " : "s ") + String.join(", ", other)
          + (other.size() == 1 ? " does" : " do") + " not apply to a " + kind + " plan: choose from "
          + String.join(", ", applicable));
    }
  }
}
