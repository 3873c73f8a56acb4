package org.llmplan.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.comm.Link;

/** Bytes per link of each collective, worked by hand, and their seconds against {@link Collectives}. */
class WireTrafficTest {
  private static final Collectives NET = new Collectives(new Link("nvlink", 370e9, 8.4e-6, 0.6e-6),
      new Link("ndr", 47e9, 8.4e-6, 5e-6));
  private final WireTraffic wire = new WireTraffic(NET);

  @Test
  void aRingAllReduceSendsTwoTimesNMinusOneOverNOfTheBufferFromEveryRank() {
    // 8 ranks in one node, 1 GB: each rank sends 2 x 7/8 GB over NVLink and nothing over the network.
    Traffic t = wire.allReduce(1e9, GroupPlacement.of(8, 1, 8));
    assertThat(t.scaleUpBytes()).isCloseTo(2 * 7.0 / 8 * 1e9, within(1.0));
    assertThat(t.networkBytes()).isZero();
  }

  @Test
  void aGroupAcrossNodesSendsAnEighthOfTheBufferOverTheNetwork() {
    // 64 ranks, 8 per node, all-reduce of 1 GB: NVLink 2 x 7/8 x 1 GB; network 2 x 7/8 x 1/8 GB per GPU.
    Traffic t = wire.allReduce(1e9, GroupPlacement.of(64, 1, 8));
    assertThat(t.scaleUpBytes()).isCloseTo(1.75e9, within(1.0));
    assertThat(t.networkBytes()).isCloseTo(2 * 7.0 / 8 * 1e9 / 8, within(1.0));
  }

  @Test
  void anAllToAllAcrossNodesGoesOverTheNetworkAndAPointToPointSendsItsBytesOnce() {
    Traffic a2a = wire.allToAll(8e6, GroupPlacement.of(16, 1, 8));
    assertThat(a2a.networkBytes()).isCloseTo(8e6 * 15 / 16, within(1e-6));
    assertThat(a2a.scaleUpBytes()).isZero();
    assertThat(wire.sendReceive(5e6, false).scaleUpBytes()).isEqualTo(5e6);
    assertThat(wire.sendReceive(5e6, true).networkBytes()).isEqualTo(5e6);
  }

  @Property(tries = 300)
  void linkSecondsAddUpToWhatCollectivesCharges(@ForAll @IntRange(min = 1, max = 512) int size,
      @ForAll @IntRange(min = 1, max = 64) int stride, @ForAll @DoubleRange(min = 1, max = 1e10) double bytes) {
    GroupPlacement g = GroupPlacement.of(size, stride, 8);
    assertThat(wire.allReduce(bytes, g).seconds()).isCloseTo(NET.allReduce(bytes, g), within(1e-12));
    assertThat(wire.reduceScatter(bytes, g).seconds()).isCloseTo(NET.reduceScatter(bytes, g), within(1e-12));
    assertThat(wire.allGather(bytes, g).seconds()).isCloseTo(NET.allGather(bytes, g), within(1e-12));
    assertThat(wire.allToAll(bytes, g).seconds()).isCloseTo(NET.allToAll(bytes, g), within(1e-12));
    assertThat(wire.sendReceive(bytes, true).seconds()).isCloseTo(NET.sendReceive(bytes, true), within(1e-12));
  }
}
