package org.llmplan.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.llmplan.error.PlanInputException;
import org.llmplan.estimate.Part;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/** Invariants of the training memory estimator over random layouts. */
class TrainingMemoryPropertiesTest {
  private final TrainingMemoryEstimator estimator = new TrainingMemoryEstimator();

  record Case(String model, String framework, int tp, int pp, int dp, int mb, int seq, Recompute recompute,
      boolean sp, int sharding) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> models = Arbitraries.of("gpt3-175b");
    Arbitrary<String> frameworks = Arbitraries.of("megatron", "deepspeed", "fsdp");
    Arbitrary<Integer> tp = Arbitraries.of(1, 2, 4, 8);
    Arbitrary<Integer> pp = Arbitraries.of(1, 2, 4, 8, 16);
    Arbitrary<Integer> dp = Arbitraries.of(1, 2, 4, 8, 16, 64);
    Arbitrary<Integer> mb = Arbitraries.integers().between(1, 8);
    Arbitrary<Integer> seq = Arbitraries.of(256, 512, 1024, 2048);
    Arbitrary<Recompute> recompute = Arbitraries.of(Recompute.class);
    Arbitrary<Boolean> sp = Arbitraries.of(true, false);
    Arbitrary<Integer> sharding = Arbitraries.integers().between(0, 3);
    return Combinators.combine(models, frameworks, tp, pp, dp, mb, seq, recompute)
        .flatAs((m, f, t, p, d, b, s, r) -> Combinators.combine(sp, sharding)
            .as((spOn, sh) -> new Case(m, f, t, p, d, b, s, r, spOn, sh)));
  }

  private static Sharding sharding(String framework, int index) {
    var list = Jobs.CATALOG.framework(framework).shardings();
    return list.get(Math.min(index, list.size() - 1));
  }

  private TrainingJob job(Case c, int microBatch, Sharding sharding) {
    Parallelism p = new Parallelism(c.tp(), c.pp(), c.dp(), 1, 1, 1, microBatch, c.sp(), sharding, 0,
        c.recompute(), OffloadTarget.NONE, OffloadTarget.NONE, 0, 0);
    try {
      return Jobs.job(c.model(), "h100-sxm", p, c.seq(), 8 * c.dp() * c.pp() * 8, c.framework(),
          Jobs.CATALOG.framework(c.framework()).attention());
    } catch (PlanInputException invalid) {
      Assume.that(false);
      throw invalid;
    }
  }

  @Property(tries = 300)
  void memoryNeverFallsWhenTheMicroBatchGrows(@ForAll("cases") Case c) {
    Sharding s = sharding(c.framework(), c.sharding());
    double smaller = estimator.worstStage(job(c, c.mb(), s)).totalBytes();
    double larger = estimator.worstStage(job(c, c.mb() * 2, s)).totalBytes();
    assertThat(larger).isGreaterThanOrEqualTo(smaller);
  }

  @Property(tries = 300)
  void shardingMoreNeverRaisesStateMemory(@ForAll("cases") Case c) {
    var shardings = Jobs.CATALOG.framework(c.framework()).shardings().stream()
        .filter(s -> s != Sharding.FSDP_HYBRID).sorted().toList();
    double previous = Double.MAX_VALUE;
    for (Sharding s : shardings) {
      MemoryEstimate e = estimator.worstStage(job(c, c.mb(), s));
      double state = e.part("parameters").value() + e.part("gradients").value()
          + e.part("masterWeights").value() + e.part("optimizerStates").value();
      assertThat(state).as("state under %s", s).isLessThanOrEqualTo(previous * (1 + 1e-12));
      previous = state;
    }
  }

  @Property(tries = 300)
  void everyPartIsTheSumOfItsChildrenAndTheTotalOfAllParts(@ForAll("cases") Case c) {
    MemoryEstimate e = estimator.worstStage(job(c, c.mb(), sharding(c.framework(), c.sharding())));
    double sum = 0;
    for (Part p : e.parts()) {
      assertSums(p);
      assertThat(p.value()).isGreaterThanOrEqualTo(0);
      sum += p.value();
    }
    assertThat(e.totalBytes()).isCloseTo(sum, within(1.0));
  }

  private static void assertSums(Part p) {
    if (p.children().isEmpty()) {
      return;
    }
    double children = p.children().stream().mapToDouble(Part::value).sum();
    assertThat(p.value()).as(p.name()).isCloseTo(children, within(Math.abs(children) * 1e-9 + 1e-6));
    p.children().forEach(TrainingMemoryPropertiesTest::assertSums);
  }

  @Property(tries = 200)
  void recomputingMoreStoresFewerActivations(@ForAll("cases") Case c) {
    Sharding s = sharding(c.framework(), c.sharding());
    double previous = Double.MAX_VALUE;
    for (Recompute r : Recompute.values()) {
      Case withMode = new Case(c.model(), c.framework(), c.tp(), c.pp(), c.dp(), c.mb(), c.seq(), r, c.sp(),
          c.sharding());
      double activations = estimator.worstStage(job(withMode, c.mb(), s)).part("activations").value();
      assertThat(activations).as("activations under %s", r).isLessThanOrEqualTo(previous);
      previous = activations;
    }
  }
}
