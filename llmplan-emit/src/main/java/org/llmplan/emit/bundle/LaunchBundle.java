package org.llmplan.emit.bundle;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.emit.BundleFile;
import org.llmplan.emit.EmitTarget;
import org.llmplan.emit.LaunchPlan;
import org.llmplan.emit.LaunchSettings;
import org.llmplan.emit.ReadmeText;
import org.llmplan.emit.ServingLaunch;
import org.llmplan.emit.ServingTarget;
import org.llmplan.plan.PlanFile;

/**
 * Generates a whole bundle in memory: every target's files plus the plan itself. Nothing touches the disk
 * until all of them exist, so a plan that one target cannot express leaves no partial bundle behind.
 */
public final class LaunchBundle {
  public static final String PLAN_FILE = ReadmeText.PLAN_FILE;

  private LaunchBundle() {}

  /** The bundle's files: plan.json first, then each selected target's, in registry order. */
  public static List<BundleFile> generate(PlanFile planFile, Catalog catalog, LaunchSettings settings,
      List<String> targetNames) {
    TargetRegistry registry = TargetRegistry.standard();
    if (targetNames != null) {
      registry.checkNames(targetNames);
    }
    List<BundleFile> files = new ArrayList<>();
    if (planFile.serving() != null) {
      ServingLaunch plan = ServingLaunch.of(planFile, catalog, settings);
      for (ServingTarget target : registry.selectServing(targetNames, plan)) {
        files.addAll(target.files(plan, List.copyOf(files)));
      }
    } else {
      LaunchPlan plan = LaunchPlan.of(planFile, catalog, settings);
      for (EmitTarget target : registry.select(targetNames, plan)) {
        files.addAll(target.files(plan, List.copyOf(files)));
      }
    }
    files.add(0, BundleFile.text(PLAN_FILE, "the saved plan these files were generated from", planFile.toJson()));
    return files;
  }
}
