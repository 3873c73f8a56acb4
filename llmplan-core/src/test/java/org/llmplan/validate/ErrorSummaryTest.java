package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorSummaryTest {
  @Test
  void tenErrors() {
    ErrorSummary s = ErrorSummary.of(List.of(-5.0, 1.0, 2.0, -3.0, 10.0, 4.0, -8.0, 6.0, 7.0, 9.0), 3);
    assertThat(s.count()).isEqualTo(10);
    assertThat(s.skipped()).isEqualTo(3);
    assertThat(s.medianAbsErrorPct()).as("mean of the 5th and 6th of 1..10").isEqualTo(5.5);
    assertThat(s.p90AbsErrorPct()).as("nearest rank: the ceil(0.9 x 10) = 9th").isEqualTo(9.0);
    assertThat(s.maxAbsErrorPct()).isEqualTo(10.0);
  }

  @Test
  void oddCountAndNearestRankRoundsUp() {
    ErrorSummary s = ErrorSummary.of(List.of(3.0, -1.0, 2.5, -20.0, 4.0, 0.5, 7.0), 0);
    assertThat(s.medianAbsErrorPct()).isEqualTo(3.0);
    assertThat(s.p90AbsErrorPct()).as("ceil(0.9 x 7) = 7th of 7").isEqualTo(20.0);
    assertThat(s.maxAbsErrorPct()).isEqualTo(20.0);
  }

  @Test
  void oneAndNone() {
    assertThat(ErrorSummary.of(List.of(-4.0), 0)).isEqualTo(new ErrorSummary(1, 0, 4.0, 4.0, 4.0));
    assertThat(ErrorSummary.of(List.of(), 5)).isEqualTo(new ErrorSummary(0, 5, null, null, null));
  }
}
