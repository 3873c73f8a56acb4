package org.llmplan.emit;

import java.util.List;

/**
 * A training framework's launch plug-in: everything about a framework's launch files that depends on its
 * name. A catalog entry names its plug-in ({@code plugin:} in frameworks.yaml) and {@link Plugins} finds it;
 * the launchers, the container and the README ask the plug-in rather than test the framework's name.
 */
public interface TrainingFramework {
  /** The name a catalog entry gives in {@code plugin:}. */
  String name();

  /** What every launcher (torchrun, Slurm, Kubernetes) starts under torchrun for this plan. */
  TrainingProgram program(LaunchPlan plan);

  /** The framework's configuration targets, added to the bundle targets; none for a plain training script. */
  default List<EmitTarget> targets() {
    return List.of();
  }

  /**
   * Whether the shared launchers (torchrun, Slurm, Kubernetes) start this framework under torchrun. A framework
   * started otherwise (mpirun, one process per node) brings its own launch targets and gets none of those.
   */
  default boolean runsUnderTorchrun() {
    return true;
  }

  /**
   * The commits this plug-in writes files for, newest first: the ones its flags, keys or fields were checked
   * against (the manifests of reference/upstream). Empty when it installs nothing of its own.
   */
  default List<String> pins() {
    return List.of();
  }

  /** Dockerfile lines that install the framework at {@link LaunchPlan#pin()}. */
  String install(LaunchPlan plan);
}
