package org.llmplan.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tables fit the terminal by cutting the widest text column; numbers are never cut. */
class TableTest {
  private static Table wide() {
    return new Table("part", "GiB", "how")
        .row("weights", "8.21", "parameters held on this GPU, each in the precision the policy keeps it in")
        .row("activations", "20.96", "40 layers x 268.3 MiB x 2 in-flight micro-batches (1F1B), saved for backward");
  }

  @AfterEach
  void noLimit() {
    Table.fitTo(0);
  }

  @Test
  void withoutALimitNothingIsCut() {
    Table.fitTo(0);
    assertThat(wide().render()).doesNotContain("…").contains("saved for backward");
  }

  @Test
  void aNarrowTerminalCutsTheWidestTextColumnAndKeepsTheNumbers() {
    Table.fitTo(60);
    String text = wide().render();
    assertThat(text.lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
    assertThat(text).contains("…").contains("8.21").contains("20.96").contains("activations");
  }
}
