package org.llmplan.emit;

import java.util.List;

/**
 * One kind of file a serving bundle can hold (an engine launcher, manifests, monitoring), the serving
 * counterpart of {@link EmitTarget}: it reads the resolved serving plan and throws a
 * {@link org.llmplan.error.PlanInputException} when the plan cannot be expressed in its format.
 */
public interface ServingTarget {
  /** The name used in --targets. */
  String name();

  /**
   * The target's files.
   *
   * @param earlier files of the targets generated before this one (registry order), for a summary to list
   */
  List<BundleFile> files(ServingLaunch plan, List<BundleFile> earlier);
}
