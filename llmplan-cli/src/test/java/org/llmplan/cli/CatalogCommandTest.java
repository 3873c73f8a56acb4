package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.llmplan.catalog.Catalog;
import org.llmplan.hardware.Accelerator;

class CatalogCommandTest {
  @Test
  void listsEveryKind() {
    for (String kind : new String[] {"gpus", "models", "nodes", "clusters", "fabrics", "frameworks", "engines"}) {
      CliRunner r = CliRunner.run("catalog", "list", kind);
      assertThat(r.exitCode()).as(kind + ": " + r.err()).isZero();
      assertThat(r.out().lines().count()).as(kind).isGreaterThanOrEqualTo(3);
    }
  }

  @Test
  void listsGpusWithTheirPeaks() {
    CliRunner r = CliRunner.run("catalog", "list", "gpus");
    assertThat(r.out()).contains("h100-sxm").contains("989");
  }

  @Test
  void everyPriceIsDatedAndSourcedAndAGpuWithoutOneSaysNoPrice() {
    for (Accelerator g : Catalog.embedded().gpus()) {
      if (g.price() != null) {
        assertThat(g.price().date()).as(g.name()).matches("\\d{4}(-\\d{2}(-\\d{2})?)?");
        assertThat(g.price().source()).as(g.name()).isNotBlank();
      }
    }
    String list = CliRunner.run("catalog", "list", "gpus").out();
    String b200 = list.lines().filter(l -> l.startsWith("b200 ")).findFirst().orElseThrow();
    assertThat(b200).endsWith("no price"); // no source in the reference prices a B200: no guess either
    String h100 = list.lines().filter(l -> l.startsWith("h100-sxm ")).findFirst().orElseThrow();
    assertThat(h100).endsWith("4.25      2024-02-07");
    CliRunner train = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "b200", "--gpus", "8", "--tokens",
        "1T");
    assertThat(train.out()).contains("no price for b200 in the catalog (pass --price)");
    CliRunner onH100 = CliRunner.run("train", "--model", "llama-3.1-8b", "--gpu", "h100", "--gpus", "8", "--tokens",
        "1T");
    assertThat(onH100.out()).contains("at $4.25/GPU-h (catalog price of 2024-02-07)");
  }

  @Test
  void showsAModelWithDerivedCounts() {
    CliRunner r = CliRunner.run("catalog", "show", "gpt3-175b", "--json");
    assertThat(r.exitCode()).isZero();
    assertThat(r.json().get("kind").asText()).isEqualTo("model");
    assertThat(r.json().get("derived").get("totalParams").asLong()).isBetween(174_000_000_000L, 176_000_000_000L);
  }

  @Test
  void showByAlias() {
    CliRunner r = CliRunner.run("catalog", "show", "h100");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("kind: gpu").contains("h100-sxm");
  }

  /** A catalog entry naming a launch plug-in llmplan does not have is one line and exit code 2, for any command. */
  @Test
  void unknownPluginIsACatalogError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("engines.yaml"), """
        engines:
          - name: my-engine
            plugin: triton
            memoryBudget: total
            gpuMemoryUtilization: 0.9
            blockSize: 16
            kernelsPerLayer: 10
        """);
    CliRunner r = CliRunner.run("catalog", "list", "engines", "--catalog", dir.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("error: catalog: engine my-engine names plugin 'triton', which llmplan "
        + "does not have; choose from vllm, trtllm, none");
  }

  @Test
  void unknownNameInShowSuggests() {
    CliRunner r = CliRunner.run("catalog", "show", "megatronn");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("megatron");
  }
}
