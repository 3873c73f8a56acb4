package org.llmplan.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Young's and Daly's intervals worked by hand (shared/reference/inference-network-storage.md 4.4). */
class CheckpointIntervalTest {
  private static final double MTBF = 3.1 * 3600; // Llama 3's job MTBF, 11,160 s

  @Test
  void youngIsTheSquareRootOfTwiceCostTimesMtbf() {
    // sqrt(2 x 30 s x 11,160 s) = sqrt(669,600) = 818.3 s = 13.6 min
    assertThat(CheckpointInterval.young(30, MTBF)).isCloseTo(818.29, within(0.01));
    // sqrt(2 x 300 x 11,160) = 2,587.7 s = 43 min
    assertThat(CheckpointInterval.young(300, MTBF) / 60).isCloseTo(43.13, within(0.01));
  }

  @Test
  void dalyAddsHigherOrderTermsAndSubtractsTheCheckpoint() {
    // x = 30 / 22,320 = 0.0013441; 818.29 x (1 + sqrt(x)/3 + x/9) - 30 = 818.29 x 1.012370 - 30 = 798.41 s
    assertThat(CheckpointInterval.daly(30, MTBF)).isCloseTo(798.41, within(0.01));
    // A checkpoint longer than twice the MTBF: checkpoint every MTBF.
    assertThat(CheckpointInterval.daly(3 * MTBF, MTBF)).isEqualTo(MTBF);
  }

  @Test
  void dalysIntervalIsCloseToTheExactOptimum() {
    RunSchedule atDaly = schedule(CheckpointInterval.daly(60, MTBF));
    for (double factor : new double[] {0.5, 0.8, 1.25, 2}) {
      assertThat(schedule(factor * CheckpointInterval.daly(60, MTBF)).expectedSeconds())
          .isGreaterThan(atDaly.expectedSeconds());
    }
  }

  private static RunSchedule schedule(double interval) {
    return new RunSchedule(30 * 86_400, interval, 60, 0, 600, MTBF);
  }
}
