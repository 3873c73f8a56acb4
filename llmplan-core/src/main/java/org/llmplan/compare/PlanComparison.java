package org.llmplan.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.plan.PlanFile;

/**
 * What `llmplan compare a.json b.json` answers: both plans' memory, speed and cost, and which launch files
 * differ.
 *
 * @param files every launch-file path of either plan with how it differs, in path order
 */
public record PlanComparison(PlanSummary a, PlanSummary b, List<FileDifference> files) {
  /** How one launch file of the two bundles compares. */
  public enum Change { SAME, DIFFERENT, ONLY_A, ONLY_B }

  /** One launch file and whether it is the same in both bundles. */
  public record FileDifference(String path, Change change) {}

  public PlanComparison {
    files = List.copyOf(files);
  }

  /**
   * Compares two plans of the same kind; {@code filesA} and {@code filesB} map each launch file's path to its
   * content (the bundle the emitters write for that plan).
   */
  public static PlanComparison of(PlanFile a, PlanFile b, Catalog catalog, Map<String, String> filesA,
      Map<String, String> filesB) {
    if ((a.training() == null) != (b.training() == null)) {
      throw new InvalidValueException("compare two training plans or two serving plans; one of these is each");
    }
    List<FileDifference> files = new ArrayList<>();
    TreeSet<String> paths = new TreeSet<>(filesA.keySet());
    paths.addAll(filesB.keySet());
    for (String path : paths) {
      String x = filesA.get(path);
      String y = filesB.get(path);
      files.add(new FileDifference(path, x == null ? Change.ONLY_B : y == null ? Change.ONLY_A
          : x.equals(y) ? Change.SAME : Change.DIFFERENT));
    }
    return new PlanComparison(PlanSummary.of(a, catalog), PlanSummary.of(b, catalog), files);
  }

  /** The paths whose content is not the same in both bundles. */
  public List<String> differingFiles() {
    return files.stream().filter(f -> f.change() != Change.SAME).map(FileDifference::path).toList();
  }
}
