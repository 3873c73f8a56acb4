package org.llmplan.comm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Ring and two-level collective costs worked by hand (shared/reference/training-model.md 4.5). */
class CollectivesTest {
  private static final Link NVLINK = new Link("nvlink", 370e9, 0, 0);
  private static final Link NIC = new Link("ndr", 47e9, 0, 0);
  private final Collectives c = new Collectives(NVLINK, NIC);

  @Test
  void ringAllReduceInsideANodeMoves2TimesNMinus1OverNOfTheBuffer() {
    // 8 GPUs, 1 GB: 2 * 7/8 * 1e9 / 370e9
    assertThat(c.allReduce(1e9, GroupPlacement.of(8, 1, 8))).isCloseTo(2 * 7.0 / 8 * 1e9 / 370e9, within(1e-12));
  }

  @Test
  void aGroupAcrossNodesRunsNvlinkThenTheNetworkOnAnEighthOfTheData() {
    // 64 ranks, 8 per node: reduce-scatter 7/8 * S over NVLink + 7/8 * (S/8) over the NIC of each GPU
    GroupPlacement g = GroupPlacement.of(64, 1, 8);
    assertThat(g.perNode()).isEqualTo(8);
    assertThat(g.nodes()).isEqualTo(8);
    double expected = 7.0 / 8 * 1e9 / 370e9 + 7.0 / 8 * (1e9 / 8) / 47e9;
    assertThat(c.reduceScatter(1e9, g)).isCloseTo(expected, within(1e-12));
  }

  @Test
  void aStridedGroupWithOneRankPerNodeUsesOnlyTheNetwork() {
    // DP of 16 with TP 8: one DP rank per node, a flat ring over 16 nodes
    GroupPlacement g = GroupPlacement.of(16, 8, 8);
    assertThat(g.perNode()).isEqualTo(1);
    assertThat(c.allReduce(1e9, g)).isCloseTo(2 * 15.0 / 16 * 1e9 / 47e9, within(1e-12));
  }

  @Test
  void latencyAddsABasePerCollectiveAndAHopPerRingStep() {
    Collectives withLatency = new Collectives(new Link("nvlink", 370e9, 8e-6, 1e-6), NIC);
    // reduce-scatter over 8 ranks of 0 bytes... use 1 byte: base + 7 hops
    assertThat(withLatency.reduceScatter(1, GroupPlacement.of(8, 1, 8)))
        .isCloseTo(8e-6 + 7e-6, within(1e-9));
  }

  @Test
  void aSingleRankGroupCostsNothing() {
    assertThat(c.allReduce(1e9, GroupPlacement.of(1, 1, 8))).isZero();
    assertThat(c.allToAll(1e9, GroupPlacement.of(1, 1, 8))).isZero();
  }

  @Test
  void aGroupSpreadsEvenlyOverScaleUpDomainsThatDoNotDivideIt() {
    // 16 DP ranks at stride 8 in 72-GPU NVLink domains: 8 in each of two domains, not 9 + 7
    GroupPlacement g = GroupPlacement.of(16, 8, 72);
    assertThat(g.perNode()).isEqualTo(8);
    assertThat(g.nodes()).isEqualTo(2);
    // inside one domain a group of 64 stays on NVLink
    assertThat(GroupPlacement.of(64, 1, 72).withinNode()).isTrue();
  }
}
