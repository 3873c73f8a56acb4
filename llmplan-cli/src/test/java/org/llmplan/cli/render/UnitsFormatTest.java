package org.llmplan.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one number convention of the README ("Numbers"), as the formatter writes it. */
class UnitsFormatTest {
  @Test
  void memoryIsGibWithTwoDecimals() {
    assertThat(Units.gibWithUnit(80 * Units.GIB)).isEqualTo("80.00 GiB");
    assertThat(Units.gib(1.5 * Units.GIB)).isEqualTo("1.50");
  }

  @Test
  void countsHaveThousandsSeparatorsBelowAMillionAndASuffixAbove() {
    assertThat(Units.count(67_813)).isEqualTo("67,813");
    assertThat(Units.count(3.9e6)).isEqualTo("3.9M");
    assertThat(Units.count(8.03e9)).isEqualTo("8.03B");
    assertThat(Units.count(15e12)).isEqualTo("15.00T");
  }

  @Test
  void dollarsReadAsABill() {
    assertThat(Units.usd(950)).isEqualTo("$950");
    assertThat(Units.usd(105_100)).isEqualTo("$105.1k");
    assertThat(Units.usd(16_710_000)).isEqualTo("$16.71M");
  }

  @Test
  void aPercentHasASpaceBeforeTheSign() {
    assertThat(Units.percent(0.76)).isEqualTo("76 %");
  }
}
