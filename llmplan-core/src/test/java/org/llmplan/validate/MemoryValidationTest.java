package org.llmplan.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingMemoryEstimator;

/** Rows that report memory are compared on memory too; files without the columns still load. */
class MemoryValidationTest {
  private static final Path DATA = Path.of("..", "validation", "training_published.csv");
  private static final double GIB = 1024.0 * 1024 * 1024;

  @Test
  void memoryColumnsAreComparedAgainstAllocatedAndStateBytes(@TempDir Path dir) throws Exception {
    List<String> lines = Files.readAllLines(DATA);
    String row = lines.stream().filter(l -> l.startsWith("T017,")).findFirst().orElseThrow();
    Path file = dir.resolve("with-memory.csv");
    Files.write(file, List.of(lines.get(0) + ",peak_memory_gib,state_memory_gib", row + ",40.0,10.0"));

    ValidationReport report = new TrainingValidation(Catalog.embedded()).run(file);
    assertThat(report.rows()).hasSize(1);
    assertThat(report.memoryRows()).extracting(MemoryComparison::metric)
        .containsExactly("peak_memory_gib", "state_memory_gib");
    assertThat(report.memorySummary().count()).isEqualTo(2);

    ValidationCase c = (ValidationCase) new PublishedRowMapper(Catalog.embedded())
        .map(PublishedTrainingData.read(file).get(0));
    MemoryEstimate e = new TrainingMemoryEstimator().worstStage(c.job(Catalog.embedded()));
    double allocated = (e.totalBytes() - e.part("frameworkOverhead").value()) / GIB;
    double state = (e.part("weights").value() + e.part("gradients").value() + e.part("masterWeights").value()
        + e.part("optimizerStates").value()) / GIB;
    assertThat(report.memoryRows().get(0).predictedGib()).isCloseTo(allocated, within(1e-9));
    assertThat(report.memoryRows().get(1).predictedGib()).isCloseTo(state, within(1e-9));
    assertThat(report.memoryRows().get(1).errorPct()).isCloseTo((state - 10) / 10 * 100, within(1e-9));
  }

  @Test
  void theSharedFileHasNoMemoryColumnsAndNoMemorySummary() {
    ValidationReport report = new TrainingValidation(Catalog.embedded()).run(DATA);
    assertThat(report.memoryRows()).isEmpty();
    assertThat(report.memorySummary()).isNull();
  }
}
