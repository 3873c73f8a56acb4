package org.llmplan.search;

import java.util.ArrayList;
import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.profile.FrameworkProfile;

/**
 * When no layout fits in memory, the same search under each other framework of the catalog, with offload
 * where nothing fits without it: another framework's sharding (ZeRO-3, FSDP) or offload often fits where the
 * one asked for cannot, and an infeasible answer should say so.
 */
public final class OtherFrameworks {
  /** The best plan the search finds under one other framework. */
  public record Alternative(String framework, Plan best) {}

  private OtherFrameworks() {}

  /**
   * The frameworks other than {@code tried} under which the request finds a plan, each searched for at most
   * {@code secondsEach}; a framework that cannot run the request at all (its rules refuse it) is left out.
   */
  public static List<Alternative> search(TrainingSearchRequest request, Catalog catalog, String tried,
      double secondsEach) {
    List<Alternative> found = new ArrayList<>();
    SearchGoal goal = request.goal().toBuilder().offload("if-needed").top(1).timeLimitSeconds(secondsEach).build();
    for (FrameworkProfile f : catalog.frameworks()) {
      if (f.name().equals(tried)) {
        continue;
      }
      TrainingSearchRequest other = new TrainingSearchRequest(request.model(), request.hardware(), request.batch(),
          request.recipe(), request.frameworkOptions().toBuilder().framework(f.name()).build(), goal);
      try {
        SearchSpec spec = other.resolve(catalog);
        SearchResult result = new TrainingSearch().run(spec, new SearchControl(secondsEach, (done, total) -> { }));
        if (result.feasible()) {
          found.add(new Alternative(f.name(), result.plans().get(0)));
        }
      } catch (PlanInputException refused) {
        // this framework cannot run the request as stated (an attention it lacks, a policy it does not offer)
      }
    }
    return found;
  }
}
