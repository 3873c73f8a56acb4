package org.llmplan.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.error.MalformedInputException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.hardware.Accelerator;

class CatalogLoadingTest {
  /** A recalibrated H100 entry: its GEMMs at 0.5 of peak instead of the embedded 0.80. */
  private static final String RECALIBRATED_H100 = """
      gpus:
        - name: h100-sxm
          aliases: [h100]
          vendor: NVIDIA
          memoryGiB: 80
          hbmTBps: 3.35
          peaks: {bf16: 989, fp8: 1979}
          sms: 132
          efficiency:
            gemm: 0.5
            gemmFp8: 0.73
            kernelMicros: 4
            memory: 0.90
            attention: {fa2: {forward: 0.35, backward: 0.29}}
            scaleUpBus: 0.82
            ncclSmShare: 0.24
            sustainedClock: 0.82
            source: a calibration run
          source: NVIDIA H100 datasheet
      """;

  @Test
  void anOverlayThatRecalibratesAnEntryMovesTheEntriesThatAssumeItsCeilings(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("calibrated.yaml"), RECALIBRATED_H100);
    Catalog c = Catalog.load(List.of(dir));
    assertThat(c.gpu("h100-sxm").efficiency().gemm()).isEqualTo(0.5);
    assertThat(c.gpu("b200").efficiency().gemm()).isEqualTo(0.5);
    assertThat(c.gpu("b200").efficiencyFrom()).isEqualTo("h100-sxm");
    assertThat(Catalog.embedded().gpu("b200").efficiency().gemm()).isEqualTo(0.80);
  }

  @Test
  void efficiencyFromAnUnknownGpuIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("mine.yaml"), """
        gpus:
          - {name: my-gpu, memoryGiB: 96, hbmTBps: 4, peaks: {bf16: 1000}, efficiencyFrom: h900, source: mine}
        """);
    assertThatThrownBy(() -> Catalog.load(List.of(dir))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("my-gpu efficiencyFrom").hasMessageContaining("h900");
  }

  @Test
  void aUserEntryWithAnEmbeddedNameReplacesIt(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("override.yaml"), """
        gpus:
          - name: H100_SXM
            aliases: [h100]
            vendor: NVIDIA
            memoryGiB: 96
            hbmTBps: 3.35
            peaks: {bf16: 989}
            efficiencyFrom: a100-80gb
            source: a board with more memory
        """);
    Catalog c = Catalog.load(List.of(dir));
    assertThat(c.gpu("h100-sxm").memoryGiB()).isEqualTo(96);
    assertThat(c.gpu("h100").memoryGiB()).isEqualTo(96);
    assertThat(c.gpus()).hasSameSizeAs(Catalog.embedded().gpus());
  }

  @Test
  void anEntryWithJustAPriceKeepsEveryOtherFieldOfTheEmbeddedGpu(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("price.yaml"), """
        gpus: [{name: h100, price: {usdPerHour: 2.99, date: "2026-12", source: my contract}}]
        """);
    Catalog c = Catalog.load(List.of(dir));
    assertThat(c.gpu("h100-sxm").price().usdPerHour()).isEqualTo(2.99);
    assertThat(c.gpu("h100-sxm").price().date()).isEqualTo("2026-12");
    assertThat(c.gpu("h100-sxm").name()).as("an alias as the name keeps the entry's name").isEqualTo("h100-sxm");
    Accelerator embedded = Catalog.embedded().gpu("h100-sxm");
    assertThat(c.gpu("h100-sxm")).usingRecursiveComparison().ignoringFields("price").isEqualTo(embedded);
  }

  @Test
  void laterFoldersWin(@TempDir Path first, @TempDir Path second) throws Exception {
    String entry = "models:\n  - {name: tiny, layers: 2, hidden: 64, heads: 4, ffn: 256, vocab: %d, source: t}\n";
    Files.writeString(first.resolve("a.yaml"), entry.formatted(1000));
    Files.writeString(second.resolve("a.yaml"), entry.formatted(2000));
    assertThat(Catalog.load(List.of(first, second)).model("tiny").vocab()).isEqualTo(2000);
  }

  @Test
  void environmentValueListsFoldersByPathSeparator() {
    String value = "/a" + File.pathSeparator + " /b " + File.pathSeparator;
    assertThat(Catalog.foldersFrom(value)).containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(Catalog.foldersFrom(null)).isEmpty();
  }

  @Test
  void aNodeNamingAnUnknownGpuIsRejected(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("n.yaml"), """
        nodes:
          - {name: mine, gpu: h900, gpusPerNode: 8, nics: 8, nicFabric: ib-ndr, source: x}
        """);
    assertThatThrownBy(() -> Catalog.load(List.of(dir)))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("node mine")
        .hasMessageContaining("unknown gpu 'h900'");
  }

  @Test
  void aMissingFolderIsAClearError() {
    assertThatThrownBy(() -> Catalog.load(List.of(Path.of("/no/such/folder"))))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("/no/such/folder");
  }

  @Test
  void aFileIsParsedOnlyWhenOneOfItsListsIsRead() {
    Catalog c = Catalog.embedded();
    assertThat(c.filesParsed()).isEmpty();
    c.gpu("h100");
    c.model("llama-3.1-8b");
    assertThat(c.filesParsed()).containsExactly("embedded gpus.yaml", "embedded models.yaml");
    c.cluster("selene"); // clusters name nodes and fabrics, which must then be read to check them
    assertThat(c.filesParsed()).containsExactly("embedded gpus.yaml", "embedded models.yaml",
        "embedded infrastructure.yaml");
  }

  @Test
  void everyEmbeddedFileHoldsExactlyTheListsDeclaredForIt() throws Exception {
    var yaml = CatalogYaml.mapper();
    for (var file : Catalog.EMBEDDED.entrySet()) {
      var tree = CatalogYaml.parse(yaml, Catalog.embeddedText(file.getKey()), file.getKey());
      List<String> lists = new java.util.ArrayList<>();
      tree.fieldNames().forEachRemaining(lists::add);
      assertThat(lists).as(file.getKey()).containsExactlyInAnyOrderElementsOf(file.getValue());
    }
  }

  @Test
  void aMistakeInAUserFileIsReportedAtLoadEvenForAListNoCommandReadsYet(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("s.yaml"), "storage:\n  - {name: mine, serverReadGBps: fast, source: x}\n");
    assertThatThrownBy(() -> Catalog.load(List.of(dir))).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("storage entry 'mine'");
  }

  @Test
  void namesMatchIgnoringCaseSpacesAndUnderscores() {
    Catalog c = Catalog.embedded();
    assertThat(c.model("LLAMA_3.1_8B").name()).isEqualTo("llama-3.1-8b");
    assertThat(c.framework("NeMo").name()).isEqualTo("megatron");
  }

  @Test
  void unknownNamesSuggestCloseOnes() {
    assertThatThrownBy(() -> Catalog.embedded().model("llama-3.1-7b"))
        .isInstanceOf(UnknownNameException.class).hasMessageContaining("llama-3.1-8b");
  }
}
