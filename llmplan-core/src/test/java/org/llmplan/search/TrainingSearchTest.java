package org.llmplan.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;

class TrainingSearchTest {
  static final Catalog CATALOG = Catalog.embedded();

  static SearchResult search(SearchRequests r) {
    return new TrainingSearch().run(r.resolve(), SearchControl.unlimited());
  }

  /** Small spaces where every layout can be evaluated the slow way: the search must find exactly the same best. */
  @ParameterizedTest(name = "{0} on {2} x {1}, {5}, offload {6}")
  @CsvSource({
      "gpt3-1.3b, a100-80gb, 8, 1024, 16, megatron, if-needed",
      "gpt3-2.7b, a100-40gb, 4, 2048, 8, deepspeed, always",
      "gpt3-6.7b, a100-40gb, 2, 1024, 4, deepspeed, if-needed",
      "llama-3.2-1b, h100, 8, 2048, 16, fsdp, always",
      "mixtral-8x7b, h100, 8, 1024, 8, megatron, never",
      "llama-3.2-1b, h100, 8, 2048, 16, hf, if-needed"})
  void theSearchFindsWhatEvaluatingEveryLayoutFinds(String model, String gpu, int gpus, int seq, int batch,
      String framework, String offload) {
    SearchSpec spec = SearchRequests.of(model, gpu).gpus(gpus).batch(seq, batch).framework(framework).offload(offload)
        .top(5).resolve();
    SearchResult result = new TrainingSearch().run(spec, SearchControl.unlimited());
    List<BruteForce.Evaluated> all = BruteForce.fitting(spec.options().get(0), gpus, spec.offload());
    List<BruteForce.Evaluated> expected = BruteForce.fastest(all, 5);

    assertThat(result.stats().rejected()).isZero();
    assertThat(result.stats().fitting()).as("every fitting layout is timed once").isEqualTo(all.size());
    assertThat(result.plans()).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      Plan plan = result.plans().get(i);
      assertThat(plan.job().parallelism()).as("plan %d", i + 1).isEqualTo(expected.get(i).layout());
      assertThat(plan.stepSeconds()).isEqualTo(expected.get(i).stepSeconds());
    }
  }

  @Test
  void deepSpeedOffloadsOnlyWhatDoesNotFitOtherwise() {
    SearchSpec spec = SearchRequests.of("gpt3-13b", "a100-40gb").gpus(8).batch(2048, 8).framework("deepspeed")
        .offload("always").top(3).resolve();
    SearchResult result = new TrainingSearch().run(spec, SearchControl.unlimited());
    TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    assertThat(result.feasible()).isTrue();
    for (Plan p : result.plans()) {
      var layout = p.job().parallelism();
      if (layout.offloadOptimizer() != OffloadTarget.NONE || layout.offloadParameters() != OffloadTarget.NONE) {
        TrainingJob without = p.job().with(layout.toBuilder().offloadOptimizer(OffloadTarget.NONE)
            .offloadParameters(OffloadTarget.NONE).build(), p.job().globalBatch());
        assertThat(memory.worstStage(without).fits()).as(layout.label()).isFalse();
        assertThat(result.notes()).anyMatch(n -> n.contains("does not charge offload traffic"));
      }
    }
  }

  @Test
  void everyReturnedPlanRebuildsFromItsRequestAndFits() {
    SearchResult result = search(SearchRequests.of("llama-3.1-8b", "h100,a100-80gb").maxGpus(16).tokens("1T")
        .batch(4096, 64).objective("cost").top(5));
    assertThat(result.plans()).hasSize(5);
    TrainingMemoryEstimator memory = new TrainingMemoryEstimator();
    for (Plan p : result.plans()) {
      TrainingJob rebuilt = p.request().toJob(CATALOG);
      assertThat(rebuilt).isEqualTo(p.job());
      assertThat(memory.estimate(rebuilt).fits()).isTrue();
      assertThat(p.memory().fits()).isTrue();
      assertThat(p.time().mfu()).isBetween(0.0, 1.0);
    }
    for (int i = 1; i < result.plans().size(); i++) {
      assertThat(result.plans().get(i).run().costUsd())
          .isGreaterThanOrEqualTo(result.plans().get(i - 1).run().costUsd());
    }
  }

  @Test
  void resultsDoNotDependOnTheNumberOfThreads() {
    SearchSpec spec = SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(32).batch(1024, 32).resolve();
    SearchResult one = new TrainingSearch(1).run(spec, SearchControl.unlimited());
    SearchResult two = new TrainingSearch(2).run(spec, SearchControl.unlimited());
    SearchResult four = new TrainingSearch(4).run(spec, SearchControl.unlimited());
    assertThat(two.plans()).isEqualTo(one.plans());
    assertThat(four.plans()).isEqualTo(one.plans());
    assertThat(two.paretoTimeGpus()).isEqualTo(one.paretoTimeGpus());
    assertThat(two.stats().space()).isEqualTo(one.stats().space());
    assertThat(two.stats().checked()).isEqualTo(one.stats().checked());
  }

  @Test
  void paretoFrontsHoldTheBestAndNoDominatedPlan() {
    SearchResult result = search(SearchRequests.of("gpt3-6.7b", "h100,a100-80gb").maxGpus(64).tokens("300B")
        .batch(2048, 256).top(5));
    assertThat(result.paretoTimeCost()).isNotEmpty();
    assertThat(result.paretoTimeCost().get(0)).isEqualTo(result.plans().get(0));
    assertThat(result.paretoTimeGpus().get(0)).isEqualTo(result.plans().get(0));
    for (List<Plan> front : List.of(result.paretoTimeCost(), result.paretoTimeGpus())) {
      for (int i = 1; i < front.size(); i++) {
        assertThat(front.get(i).run().timeToTrainSeconds()).isGreaterThanOrEqualTo(
            front.get(i - 1).run().timeToTrainSeconds());
      }
    }
    for (int i = 1; i < result.paretoTimeCost().size(); i++) {
      assertThat(result.paretoTimeCost().get(i).run().costUsd()).isLessThan(
          result.paretoTimeCost().get(i - 1).run().costUsd());
    }
    for (int i = 1; i < result.paretoTimeGpus().size(); i++) {
      assertThat(result.paretoTimeGpus().get(i).job().gpus())
          .isLessThan(result.paretoTimeGpus().get(i - 1).job().gpus());
    }
    assertThat(result.paretoTimeGpus()).hasSizeGreaterThan(1);
  }

  @Test
  void theRunnerUpSaysWhichPartOfItsStepIsLonger() {
    SearchResult result = search(SearchRequests.of("gpt3-1.3b", "a100-80gb").gpus(8).batch(1024, 16).top(3));
    RunnerUp r = result.runnerUp();
    assertThat(r).isNotNull();
    assertThat(r.plan()).isEqualTo(result.plans().get(1));
    assertThat(r.objectiveRatio()).isGreaterThanOrEqualTo(1);
    if (r.part() != null) {
      assertThat(r.runnerUpSeconds()).isGreaterThan(r.bestSeconds());
      assertThat(r.reason()).contains(Wording.words(r.part()));
    }
    assertThat(r.reason()).startsWith("the runner-up (").contains("longer");
  }

  @Test
  void aModelTooLargeForTheGpusSaysHowManyItNeeds() {
    SearchResult result = search(SearchRequests.of("gpt3-175b", "a100-80gb").gpus(8).batch(2048, 64));
    assertThat(result.feasible()).isFalse();
    assertThat(result.infeasible()).hasSize(1);
    String reason = result.infeasible().get(0);
    assertThat(reason).startsWith("no layout of gpt3-175b fits in the 76.0 GiB usable of a100-80gb (80.0 GiB less "
        + "the megatron margin of 5 %) on 8 GPUs")
        .contains("the leanest layout without offload needs").contains("it needs at least");
    int needed = Integer.parseInt(reason.replaceAll(".*it needs at least (\\d+) GPUs.*", "$1"));
    assertThat(search(SearchRequests.of("gpt3-175b", "a100-80gb").gpus(needed).batch(2048, 64).top(1)).feasible())
        .isTrue();
    assertThat(search(SearchRequests.of("gpt3-175b", "a100-80gb").gpus(needed - 8).batch(2048, 64).top(1))
        .feasible()).isFalse();
  }

  @Test
  void anImpossibleDeadlineSaysHowLongTheFastestPlanTakes() {
    SearchResult result = search(SearchRequests.of("gpt3-1.3b", "a100-80gb").gpus(8).batch(1024, 16).deadline("1h"));
    assertThat(result.feasible()).isFalse();
    assertThat(result.infeasible()).singleElement().asString()
        .startsWith("the fastest plan takes ").contains("more than the deadline of 60.0 min")
        .contains("raise --deadline or allow more GPUs (--max-gpus)");
  }

  @Test
  void anImpossibleBudgetSaysWhatTheCheapestPlanCosts() {
    SearchResult result = search(SearchRequests.of("gpt3-1.3b", "a100-80gb").gpus(8).batch(1024, 16).objective("cost")
        .budget(100));
    assertThat(result.infeasible()).singleElement().asString()
        .startsWith("the cheapest plan costs $").contains("more than the budget of $100: raise --budget");
  }

  @Test
  void limitsThatHoldAloneButNotTogetherAreExplained() {
    SearchResult all = search(SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(64).batch(1024, 64).top(50));
    Plan fastest = all.plans().get(0);
    Plan cheapest = all.paretoTimeCost().get(all.paretoTimeCost().size() - 1);
    assertThat(cheapest.run().costUsd()).isLessThan(fastest.run().costUsd());
    double deadlineSeconds = fastest.run().timeToTrainSeconds() * 1.0001;
    double budget = cheapest.run().costUsd() * 1.0001;
    SearchResult both = search(SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(64).batch(1024, 64)
        .deadline(deadlineSeconds + "s").budget(budget));
    if (!both.feasible()) {
      assertThat(both.infeasible()).singleElement().asString()
          .startsWith("no plan meets both the deadline and the budget");
    } else {
      both.plans().forEach(p -> {
        assertThat(p.run().timeToTrainSeconds()).isLessThanOrEqualTo(deadlineSeconds);
        assertThat(p.run().costUsd()).isLessThanOrEqualTo(budget);
      });
    }
  }

  @Test
  void aCancelledSearchSaysItStoppedAndKeepsWhatItFound() {
    SearchSpec spec = SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(64).batch(1024, 64).resolve();
    SearchControl[] control = new SearchControl[1];
    control[0] = new SearchControl(Double.POSITIVE_INFINITY, (done, total) -> {
      if (done == total / 2) {
        control[0].cancel("interrupted");
      }
    });
    SearchResult partial = new TrainingSearch(1).run(spec, control[0]);
    SearchResult complete = new TrainingSearch(1).run(spec, SearchControl.unlimited());
    assertThat(partial.stats().complete()).isFalse();
    assertThat(partial.stats().stopReason()).isEqualTo("interrupted");
    assertThat(partial.stats().space()).isLessThan(complete.stats().space());
    assertThat(partial.plans()).isNotEmpty();
    assertThat(partial.plans().get(0).stepSeconds()).isGreaterThanOrEqualTo(complete.plans().get(0).stepSeconds());
  }

  @Test
  void wholeNodesUpToTheMaximum() {
    SearchSpec spec = SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(20).resolve();
    assertThat(spec.options().get(0).counts()).containsExactly(8, 16);
    SearchSpec small = SearchRequests.of("gpt3-1.3b", "a100-80gb").maxGpus(6).resolve();
    assertThat(small.options().get(0).counts()).containsExactly(1, 2, 4);
  }

  @Test
  void badRequestsSayWhatToChange() {
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "a100-80gb").gpus(8).maxGpus(16).resolve())
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("either --gpus N");
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "a100-80gbx").gpus(8).resolve())
        .isInstanceOf(UnknownNameException.class);
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "tpu-v5e").gpus(8).objective("cost").resolve())
        .hasMessageContaining("no price is known for tpu-v5e: pass --price tpu-v5e=USD");
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "h100").gpus(8).objective("fastest").resolve())
        .hasMessageContaining("unknown objective 'fastest'");
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "h100").gpus(8).deadline("soon").resolve())
        .hasMessageContaining("--deadline must be a duration");
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "h100").gpus(8).price("a100=2").resolve())
        .hasMessageContaining("--price names a100-80gb, which is not among the --gpu choices");
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "h100").gpus(8).price("h100=cheap").resolve())
        .hasMessageContaining("--price must be US dollars per GPU-hour");
  }

  /**
   * Issue 6: the search can judge plans by their expected time with failures. Interruptions of a job grow
   * with its GPU count, so the factor does too; a deadline the failure-free time meets can be missed.
   */
  @Test
  void failuresLengthenEveryPlanMoreOnMoreGpusAndCanMissADeadline() {
    SearchRequests request = SearchRequests.of("gpt3-1.3b", "h100").maxGpus(64).tokens("100B").batch(2048, 256);
    SearchResult free = search(request);
    assertThat(free.plans()).allSatisfy(p -> assertThat(p.failureFactor()).isEqualTo(1));
    SearchResult llama3 = search(request.failures("llama3"));
    assertThat(llama3.plans()).allSatisfy(p -> assertThat(p.failureFactor()).isGreaterThan(1).isLessThan(1.1));
    assertThat(llama3.plans()).extracting(Plan::expectedTimeToTrainSeconds).isSorted();
    SearchResult frequent = search(request.failures("2"));
    List<Double> byGpus = frequent.paretoTimeGpus().stream()
        .sorted(java.util.Comparator.comparingInt(p -> p.job().gpus())).map(Plan::failureFactor).toList();
    assertThat(byGpus).hasSizeGreaterThan(2).isSorted().doesNotHaveDuplicates();
    double freeHours = free.plans().get(0).expectedTimeToTrainSeconds() / 3600;
    String deadline = Math.ceil(freeHours * 1.2) + "h";
    assertThat(search(request.failures(null).deadline(deadline)).feasible()).isTrue();
    assertThat(search(request.failures("2").deadline(deadline)).feasible()).isFalse();
    assertThatThrownBy(() -> SearchRequests.of("gpt3-1.3b", "h100").gpus(8).failures("often").resolve())
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("--failures takes none, llama3");
  }
}
