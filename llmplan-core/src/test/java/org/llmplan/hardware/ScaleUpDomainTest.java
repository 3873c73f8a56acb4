package org.llmplan.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.comm.Collectives;
import org.llmplan.comm.GroupPlacement;
import org.llmplan.request.HardwareChoice;
import org.llmplan.request.LayoutChoice;
import org.llmplan.request.TrainingRequest;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingTimeEstimator;

/**
 * GB200 NVL72 as 18 trays of 4 GPUs in one 72-GPU NVLink domain (docs/reference/gb200-nvl72.md): launchers see
 * nodes of 4, collectives see NVLink across the trays of a rack and the NICs between racks.
 */
class ScaleUpDomainTest {
  private static final Catalog CATALOG = Catalog.embedded();

  private static TrainingJob onGb200(int gpus, int tp) {
    return TrainingRequest.of("llama-3-70b").with(HardwareChoice.builder().node("gb200-nvl72").gpus(gpus).build())
        .with(LayoutChoice.builder().tp(tp).pp(1).sharding("dist-opt").build()).toJob(CATALOG);
  }

  @Test
  void aRackOfTraysIsOneNvlinkDomainAndRacksJoinOverTheNetwork() {
    Accelerator gb200 = CATALOG.gpu("gb200");
    assertThat(gb200.scaleUpGpus(4, 64)).isEqualTo(64);
    assertThat(gb200.scaleUpGpus(4, 144)).isEqualTo(72);
    assertThat(gb200.scaleUpGpus(4, 4)).isEqualTo(4);
    // an HGX board's domain is its node
    assertThat(CATALOG.gpu("b200").scaleUpGpus(8, 1024)).isEqualTo(8);
    assertThat(CATALOG.gpu("l40s").scaleUpGpus(8, 64)).isEqualTo(8);
  }

  @Test
  void tensorParallelOf8AcrossTwoTraysRunsOnNvlink() {
    TrainingJob job = onGb200(64, 8);
    assertThat(job.gpusPerNode()).isEqualTo(4);
    Collectives net = TrainingTimeEstimator.collectives(job);
    GroupPlacement tp = GroupPlacement.of(8, 1, job.scaleUpGpus());
    assertThat(tp.withinNode()).isTrue();
    // 900 GB/s NVLink 5 per direction at the bus share: far above one 400G NIC per GPU (50 GB/s)
    assertThat(net.scaleUp().busBytesPerSecond()).isGreaterThan(10 * net.network().busBytesPerSecond());
    double oneGigabyte = net.allReduce(1e9, tp);
    assertThat(oneGigabyte).isCloseTo(2 * 7.0 / 8 * 1e9 / net.scaleUp().busBytesPerSecond(),
        org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void aPcieCardRunsCollectivesInsideItsNodeOverPcie() {
    Accelerator rtx = CATALOG.gpu("rtx-pro-6000-se");
    Collectives net = Collectives.of(rtx, new ScaleOut("roce-200g", 8, 200, 0), 8);
    // 64 GB/s per direction (PCIe Gen5 x16) at the bus share, not a NIC's share
    assertThat(net.scaleUp().busBytesPerSecond()).isEqualTo(64e9 * rtx.kernelCeilings().scaleUpBus());
  }
}
