package org.llmplan.emit;

import java.util.List;

/**
 * One kind of file a launch bundle can hold (a framework configuration, a launcher, a manifest, monitoring).
 * A target reads the resolved plan and returns its files; it throws a
 * {@link org.llmplan.error.PlanInputException} when the plan cannot be expressed in its format, so a bad
 * plan fails before anything is written.
 *
 * <p>Training targets take a {@link LaunchPlan}; serving targets implement {@link ServingTarget}. Plug-ins bring
 * the targets of their own files; the bundle package's registry lists every target in generation order.
 */
public interface EmitTarget {
  /** The name used in --targets. */
  String name();

  /**
   * The target's files.
   *
   * @param earlier files of the targets generated before this one (registry order), for a summary to list
   */
  List<BundleFile> files(LaunchPlan plan, List<BundleFile> earlier);

  /** Targets whose files this one refers to (a launcher that passes ds_config.json needs the deepspeed target). */
  default List<String> requires(LaunchPlan plan) {
    return List.of();
  }
}
