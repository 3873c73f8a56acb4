package org.llmplan.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.PlanInputException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.hardware.ScaleOut;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;
import org.llmplan.train.StepTimes;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

class NetworkEstimatorTest {
  private final NetworkEstimator network = new NetworkEstimator();
  private final TrainingTimeEstimator time = new TrainingTimeEstimator();

  @Test
  void tpTrafficOfLlama70bIsFourRingAllReducesPerLayerOnNvlink() {
    TrainingJob job = TestJobs.llama70b();
    NetworkEstimate n = network.estimate(job);
    DimensionTraffic tp = n.dimension(Dimension.TP);
    // 32 micro-batches x 40 layers per stage x 4 collectives x 2 x 7/8 x (8192 tokens x 8192 hidden x 2 B)
    double activation = 8192.0 * 8192 * 2;
    assertThat(tp.scaleUpBytesPerGpu()).isCloseTo(32 * 40 * 4 * 2 * 7.0 / 8 * activation, within(1.0));
    assertThat(tp.networkBytesPerNic()).isZero();
    // The breakdown hides Megatron's tpOverlap (0.5) of it.
    assertThat(tp.exposedSeconds()).isCloseTo(tp.transferSeconds() * (1 - job.framework().tpOverlap()),
        within(1e-12));
  }

  @Test
  void pipelineAndDataParallelTrafficCrossTheNetwork() {
    TrainingJob job = TestJobs.llama70b();
    NetworkEstimate n = network.estimate(job);
    // PP: each micro-batch's activations forward and gradients backward, s x h x 2 B / 8 with SP.
    DimensionTraffic pp = n.dimension(Dimension.PP);
    assertThat(pp.networkBytesPerNic()).isCloseTo(2 * 32 * 8192.0 * 8192 * 2 / 8, within(1.0));
    // The pipeline fill and drain put (p - 1) more transfers on the critical path than one GPU sends.
    assertThat(pp.exposedSeconds()).isCloseTo(pp.transferSeconds() * (32 + 1) / 32.0, within(1e-12));
    // DP over 4 ranks one node apart, distributed optimizer: reduce-scatter + all-gather of 2-byte values,
    // 2 x 3/4 x 2 B = 3 B per parameter of the rank (4.41B: the memory estimate's count).
    double params = TrainingTimeEstimator.paramsPerRank(job, job.model().parameters());
    assertThat(params).isCloseTo(4.41e9, within(0.01e9));
    assertThat(n.dimension(Dimension.DP).networkBytesPerNic()).isCloseTo(3 * params, within(1.0));
    assertThat(n.busiest().perNic()).isFalse(); // NVLink carries the TP traffic: the busiest link
  }

  @Test
  void fewerNicsPerNodeCarryMoreBytesEachAndOversubscriptionActsLikeASlowerNic() {
    TrainingJob job = TestJobs.llama70b();
    NetworkEstimate eight = network.estimate(job);
    NetworkEstimate two = network.estimate(new NetworkChange(null, 2, null).apply(job, TestJobs.CATALOG));
    assertThat(two.links().get(1).bytesPerStep()).isCloseTo(4 * eight.links().get(1).bytesPerStep(), within(1.0));
    assertThat(two.stepSeconds()).isGreaterThan(eight.stepSeconds());

    TrainingJob oversubscribed = new NetworkChange(null, null, 2.0).apply(job, TestJobs.CATALOG);
    ScaleOut half = new ScaleOut("half", 8, 200, job.scaleOut().achievableFraction());
    assertThat(time.stepTimes(oversubscribed).total())
        .isEqualTo(time.stepTimes(NetworkChange.withScaleOut(job, half)).total());
    assertThat(oversubscribed.scaleOut().fabric()).isEqualTo("ib-ndr (2:1 oversubscribed)");
  }

  @Test
  void aFabricFromTheCatalogReplacesTheLineRate() {
    TrainingJob job = new NetworkChange("roce-100g", null, null).apply(TestJobs.llama70b(), TestJobs.CATALOG);
    assertThat(job.scaleOut().gbitsPerNic()).isEqualTo(100);
    assertThat(job.scaleOut().nicsPerNode()).isEqualTo(8);
    assertThatThrownBy(() -> new NetworkChange("ib-qdr9", null, null).apply(job, TestJobs.CATALOG))
        .isInstanceOf(UnknownNameException.class);
    assertThatThrownBy(() -> new NetworkChange(null, 0, null)).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> new NetworkChange(null, null, 0.5)).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void fsdpSplitsTheDataParallelPartBetweenGathersAndGradients() {
    TrainingJob job = TestJobs.job("llama-3.1-8b", "h100-sxm", TestJobs.layout(1, 1, 16, 1, 1, 1, Recompute.NONE,
        Sharding.FSDP_FULL), 4096, 64, "fsdp");
    NetworkEstimate n = network.estimate(job);
    DimensionTraffic gathers = n.dimension(Dimension.FSDP);
    DimensionTraffic grads = n.dimension(Dimension.DP);
    // Per micro-batch: two all-gathers of 2-byte parameters against one reduce-scatter of the gradients.
    double gradBytes = job.policy().label().equals("amp") ? 4 : 2;
    assertThat(gathers.networkBytesPerNic() + gathers.scaleUpBytesPerGpu())
        .isCloseTo((grads.networkBytesPerNic() + grads.scaleUpBytesPerGpu()) * 2 * 2 / gradBytes, within(1.0));
    assertThat(gathers.exposedSeconds() + grads.exposedSeconds()).isCloseTo(time.stepTimes(job).dp(),
        within(1e-12));
  }

  @Test
  void theThresholdIsWhereTheExposedShareCrossesTheLimit() {
    TrainingJob job = TestJobs.job("llama-3.1-8b", "h100-sxm", TestJobs.layout(1, 1, 32, 1, 1, 1, Recompute.NONE,
        Sharding.NONE), 8192, 32, "megatron");
    BandwidthThreshold t = BandwidthThreshold.find(job, 0.10);
    assertThat(t.verdict()).isEqualTo(BandwidthThreshold.Verdict.FOUND);
    ScaleOut so = job.scaleOut();
    assertThat(BandwidthThreshold.exposedShare(time, job, so, t.gbitsPerNic() * 1.001)).isLessThanOrEqualTo(0.10);
    assertThat(BandwidthThreshold.exposedShare(time, job, so, t.gbitsPerNic() * 0.999)).isGreaterThan(0.10);
  }

  @Test
  void noNetworkHelpsWhenScaleUpTrafficAloneExceedsTheShareAndOneNodeNeedsNone() {
    BandwidthThreshold never = BandwidthThreshold.find(TestJobs.llama70b(), 0.05);
    assertThat(never.verdict()).isEqualTo(BandwidthThreshold.Verdict.NEVER);
    assertThat(never.floorShare()).isGreaterThan(0.05);
    TrainingJob oneNode = TestJobs.job("llama-3.1-8b", "h100-sxm", TestJobs.layout(8, 1, 1, 1, 1, 1, Recompute.NONE,
        Sharding.NONE), 4096, 8, "megatron");
    assertThat(BandwidthThreshold.find(oneNode, 0.1).verdict()).isEqualTo(BandwidthThreshold.Verdict.UNUSED);
    assertThatThrownBy(() -> BandwidthThreshold.find(oneNode, 1.5)).isInstanceOf(InvalidValueException.class);
  }

  @Provide
  Arbitrary<TrainingJob> jobs() {
    return Combinators.combine(Arbitraries.of("llama-3.1-8b", "mixtral-8x7b", "gpt3-175b", "qwen3-30b-a3b"),
            Arbitraries.of(1, 2, 8, 16), Arbitraries.of(1, 2, 4), Arbitraries.of(1, 2, 4, 16),
            Arbitraries.of(1, 2), Arbitraries.of(1, 2, 8), Arbitraries.of(Recompute.class),
            Arbitraries.of(Sharding.NONE, Sharding.DISTRIBUTED_OPTIMIZER, Sharding.ZERO3))
        .as((model, tp, pp, dp, cp, ep, recompute, sharding) -> {
          try {
            String framework = sharding == Sharding.ZERO3 ? "deepspeed" : "megatron";
            return TestJobs.job(model, "h100-sxm", TestJobs.layout(tp, pp, dp, cp, ep, 1, recompute, sharding),
                4096, 4 * dp * pp, framework);
          } catch (PlanInputException e) {
            return null;
          }
        });
  }

  @Property(tries = 200)
  void exposedTimesAreTheStepBreakdownsCommunicationParts(@ForAll("jobs") TrainingJob job) {
    Assume.that(job != null);
    StepTimes st = time.stepTimes(job);
    NetworkEstimate n = network.estimate(job);
    assertThat(n.exposedSeconds()).isCloseTo(st.tp() + st.cp() + st.ep() + st.pp() + st.dp(),
        within(1e-9 * st.total()));
    for (Dimension d : new Dimension[] {Dimension.TP, Dimension.CP, Dimension.EP}) {
      DimensionTraffic t = n.dimension(d);
      if (t != null) {
        assertThat(t.exposedSeconds()).isLessThanOrEqualTo(t.transferSeconds() * (1 + 1e-12));
      }
    }
    assertThat(n.busiest().utilisation()).isBetween(0.0, Double.MAX_VALUE);
  }

  @Property(tries = 200)
  void aSlowerFabricNeverShortensTheStep(@ForAll("jobs") TrainingJob job) {
    Assume.that(job != null);
    double fast = time.stepTimes(new NetworkChange("ib-xdr", null, null).apply(job, TestJobs.CATALOG)).total();
    double ndr = time.stepTimes(job).total();
    double slow = time.stepTimes(new NetworkChange("roce-100g", null, null).apply(job, TestJobs.CATALOG)).total();
    double fewer = time.stepTimes(new NetworkChange("roce-100g", 2, 4.0).apply(job, TestJobs.CATALOG)).total();
    assertThat(fast).isLessThanOrEqualTo(ndr);
    assertThat(ndr).isLessThanOrEqualTo(slow);
    assertThat(slow).isLessThanOrEqualTo(fewer);
  }
}
