package org.llmplan.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.estimate.Quantities;

/** Arrival processes, length distributions and the text users write for them. */
class WorkloadTest {
  private static final int SAMPLES = 200_000;

  @Test
  void lengthDistributionsReadFromTheirUsualSpellings() {
    assertThat(LengthDistribution.parse("1000")).isEqualTo(new LengthDistribution.Fixed(1000));
    assertThat(LengthDistribution.parse("fixed:2k")).isEqualTo(new LengthDistribution.Fixed(2000));
    assertThat(LengthDistribution.parse("uniform:100-1000")).isEqualTo(new LengthDistribution.Uniform(100, 1000));
    LengthDistribution.LogNormal byMean = (LengthDistribution.LogNormal) LengthDistribution.parse(
        "lognormal:2000,0.6");
    assertThat(byMean.mean()).isCloseTo(2000, within(1e-9));
    assertThat(byMean.sigma()).isEqualTo(0.6);
    LengthDistribution.LogNormal byPercentiles = (LengthDistribution.LogNormal) LengthDistribution.parse(
        "lognormal:p50=1500,p90=4000");
    assertThat(Math.exp(byPercentiles.mu())).isCloseTo(1500, within(1e-9));
  }

  @Test
  void sampledLengthsHaveTheStatedMeanAndPercentiles() {
    assertThat(meanOf(LengthDistribution.parse("lognormal:2000,0.6"))).isCloseTo(2000, within(2000 * 0.01));
    int[] sorted = samples(LengthDistribution.parse("lognormal:p50=1500,p90=4000"));
    Arrays.sort(sorted);
    assertThat((double) sorted[SAMPLES / 2]).isCloseTo(1500, within(1500 * 0.02));
    assertThat((double) sorted[SAMPLES * 9 / 10]).isCloseTo(4000, within(4000 * 0.02));
    int[] uniform = samples(LengthDistribution.parse("uniform:100-1000"));
    assertThat(Arrays.stream(uniform).min().getAsInt()).isEqualTo(100);
    assertThat(Arrays.stream(uniform).max().getAsInt()).isEqualTo(1000);
    assertThat(meanOf(LengthDistribution.parse("uniform:100-1000"))).isCloseTo(550, within(3.0));
  }

  @Test
  void anEmpiricalDistributionResamplesTheLengthsOfItsFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("lengths.txt");
    Files.writeString(file, "# measured answer lengths\n100\n\n300\n");
    LengthDistribution lengths = LengthDistribution.parse("file:" + file);
    assertThat(lengths.mean()).isEqualTo(200);
    assertThat(Arrays.stream(samples(lengths)).distinct().sorted().toArray()).containsExactly(100, 300);
    assertThat(meanOf(lengths)).isCloseTo(200, within(1.0));

    Files.writeString(file, "100\nlots\n");
    assertThatThrownBy(() -> LengthDistribution.parse("file:" + file)).isInstanceOf(MalformedInputException.class)
        .hasMessage(file + " line 2: expected one token count from 1 to 10000000, got 'lots'");
    assertThatThrownBy(() -> LengthDistribution.parse("file:" + dir.resolve("none.txt")))
        .isInstanceOf(MalformedInputException.class).hasMessageEndingWith("none.txt: no such file");
  }

  @Test
  void badLengthsSayWhatToWrite() {
    assertThatThrownBy(() -> LengthDistribution.parse("0")).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("a fixed length must be between 1");
    assertThatThrownBy(() -> LengthDistribution.parse("-5")).isInstanceOf(InvalidValueException.class);
    assertThatThrownBy(() -> LengthDistribution.parse("uniform:1000-100"))
        .hasMessageContaining("uniform lengths need min <= max");
    assertThatThrownBy(() -> LengthDistribution.parse("lognormal:abc"))
        .hasMessageContaining("write 1000, uniform:100-1000, lognormal:2000,0.6");
    assertThatThrownBy(() -> LengthDistribution.parse("lognormal:2000,-1"))
        .hasMessageContaining("the log-normal sigma must be between 0 and 5");
    assertThatThrownBy(() -> LengthDistribution.parse("zipf:3"))
        .hasMessageContaining("unknown length distribution 'zipf'");
  }

  @Test
  void arrivalsReadFromTheirUsualSpellings() {
    assertThat(ArrivalProcess.parse("poisson:50")).isEqualTo(new ArrivalProcess.Poisson(50));
    assertThat(ArrivalProcess.parse("constant:600/min")).isEqualTo(new ArrivalProcess.Constant(10));
    assertThat(ArrivalProcess.parse("gamma:50,cv=3")).isEqualTo(new ArrivalProcess.Gamma(50, 3));
    assertThat(ArrivalProcess.of("gamma:cv=2", 5)).isEqualTo(new ArrivalProcess.Gamma(5, 2));
    assertThat(RequestRates.parse("3600/h")).isEqualTo(1);
  }

  @Test
  void gapsHaveMeanOneOverTheRateAndTheStatedVariation() {
    SplittableRandom random = new SplittableRandom(7);
    for (ArrivalProcess process : new ArrivalProcess[] {new ArrivalProcess.Poisson(20),
        new ArrivalProcess.Gamma(20, 3), new ArrivalProcess.Gamma(20, 0.5), new ArrivalProcess.Constant(20)}) {
      double sum = 0;
      double squares = 0;
      for (int i = 0; i < SAMPLES; i++) {
        double gap = process.nextGap(random);
        sum += gap;
        squares += gap * gap;
      }
      double mean = sum / SAMPLES;
      double cv = Math.sqrt(Math.max(0, squares / SAMPLES - mean * mean)) / mean;
      double expectedCv = process instanceof ArrivalProcess.Gamma g ? g.cv()
          : process instanceof ArrivalProcess.Poisson ? 1 : 0;
      assertThat(mean).as(process.describe()).isCloseTo(1 / 20.0, within(0.05 / 20 * expectedCv + 1e-9));
      assertThat(cv).as(process.describe()).isCloseTo(expectedCv, within(0.05 * expectedCv + 1e-6));
    }
  }

  @Test
  void badArrivalsSayWhatToWrite() {
    assertThatThrownBy(() -> ArrivalProcess.parse("poisson:-3")).isInstanceOf(InvalidValueException.class)
        .hasMessage("the request rate must be above 0 and at most 1000000 per second, got -3.0");
    assertThatThrownBy(() -> ArrivalProcess.parse("poisson")).hasMessageContaining("need a rate");
    assertThatThrownBy(() -> ArrivalProcess.parse("gamma:5,cv=x")).hasMessageContaining("write gamma:cv=3");
    assertThatThrownBy(() -> ArrivalProcess.of("gamma", 5)).hasMessageContaining("need their burstiness");
    assertThatThrownBy(() -> ArrivalProcess.parse("weibull:5")).hasMessageContaining("unknown arrivals 'weibull'");
    assertThatThrownBy(() -> RequestRates.parse("50/week")).hasMessageContaining("cannot read the request rate");
  }

  @Test
  void durationsReadInTheUnitsPeopleUse() {
    assertThat(Quantities.parseSeconds("duration", "1h")).isEqualTo(3600);
    assertThat(Quantities.parseSeconds("duration", "90s")).isEqualTo(90);
    assertThat(Quantities.parseSeconds("duration", "1.5m")).isEqualTo(90);
    assertThat(Quantities.parseSeconds("ttft", "50ms")).isCloseTo(0.05, within(1e-15));
    assertThatThrownBy(() -> Quantities.parseSeconds("--ttft-p99", "500"))
        .hasMessage("--ttft-p99 500 has no unit (it would read as 500 s); write 500ms, 500s or 500min");
    assertThat(Quantities.parseSeconds("duration", "1d")).isEqualTo(86400);
    assertThatThrownBy(() -> Quantities.parseSeconds("--duration", "an hour"))
        .hasMessage("--duration must be a duration such as 1h, 90s or 50ms, got 'an hour'");
    assertThatThrownBy(() -> Quantities.parseSeconds("--ttft-p99", "-2s"))
        .hasMessageContaining("--ttft-p99 (seconds) must be between 0");
  }

  @Test
  void theSameSeedGivesTheSameRequestsAndAnotherRateTheSameLengthsCompressedInTime() {
    Workload slow = new Workload.Synthetic(new ArrivalProcess.Poisson(10), LengthDistribution.parse(
        "lognormal:500,1"), LengthDistribution.parse("uniform:1-300"), 600);
    Requests a = slow.requests(3);
    Requests b = slow.requests(3);
    Requests fast = slow.atRate(40).requests(3);
    assertThat(a.count()).isEqualTo(b.count()).isCloseTo(6000, within(300));
    assertThat(fast.count()).isCloseTo(4 * a.count(), within(600));
    for (int i = 0; i < a.count(); i++) {
      assertThat(b.arrivalSeconds(i)).isEqualTo(a.arrivalSeconds(i));
      assertThat(fast.inputTokens(i)).isEqualTo(a.inputTokens(i));
      assertThat(fast.outputTokens(i)).isEqualTo(a.outputTokens(i));
      assertThat(fast.arrivalSeconds(i)).isCloseTo(a.arrivalSeconds(i) / 4, within(1e-9));
    }
    assertThat(slow.requests(4).inputTokens(0)).isNotEqualTo(a.inputTokens(0));
  }

  private static int[] samples(LengthDistribution d) {
    SplittableRandom random = new SplittableRandom(11);
    int[] out = new int[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      out[i] = d.sample(random);
    }
    return out;
  }

  private static double meanOf(LengthDistribution d) {
    return Arrays.stream(samples(d)).average().orElseThrow();
  }
}
