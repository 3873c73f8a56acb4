package org.llmplan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.hardware.StorageSystem;
import org.llmplan.network.TestJobs;

class StorageCatalogTest {
  @Test
  void theCatalogHasTheIssuesStorageKindsEachWithASource() {
    List<String> names = TestJobs.CATALOG.storage().stream().map(StorageSystem::name).toList();
    assertThat(names).contains("lustre", "beegfs", "nfs", "s3", "gcs", "azure-blob", "local-nvme", "fsx-lustre");
    for (StorageSystem s : TestJobs.CATALOG.storage()) {
      assertThat(s.source()).as(s.name()).isNotBlank();
      assertThat(s.writeBytesPerSecond(1)).as(s.name()).isPositive().isFinite();
      assertThat(s.readBytesPerSecond(1000)).as(s.name()).isPositive().isFinite();
    }
    assertThat(TestJobs.CATALOG.storage("aws-s3").name()).isEqualTo("s3");
    assertThat(TestJobs.CATALOG.storage("local-nvme").durable()).isFalse();
  }

  @Test
  void s3IsBoundByItsPerPrefixRequestRateOnceEnoughClientsWrite() {
    StorageSystem s3 = TestJobs.CATALOG.storage("s3");
    // One client: 8 GB/s. 100 clients: 3,500 PUT/s x 8 MiB = 29.4 GB/s for the one prefix.
    assertThat(s3.writeBytesPerSecond(1)).isEqualTo(8e9);
    assertThat(s3.writeBytesPerSecond(100)).isEqualTo(3500 * 8.0 * 1024 * 1024);
    assertThat(s3.writeBound(100)).contains("3500 PUT/s");
    assertThat(s3.readBytesPerSecond(100)).isEqualTo(5500 * 8.0 * 1024 * 1024);
  }

  @Test
  void fsxScalesWithCapacityAndLustreWithAppliancesOrClients() {
    assertThat(TestJobs.CATALOG.storage("fsx-lustre").writeBytesPerSecond(1000)).isEqualTo(100e9);
    StorageSystem lustre = TestJobs.CATALOG.storage("lustre");
    assertThat(lustre.writeBytesPerSecond(2)).isEqualTo(80e9); // two clients x 40 GB/s
    assertThat(lustre.writeBound(2)).startsWith("2 client nodes");
    assertThat(lustre.writeBytesPerSecond(64)).isEqualTo(260e9); // 4 x 65 GB/s
  }

  @Test
  void anUnknownStorageNamesCloseOnes() {
    assertThatThrownBy(() -> TestJobs.CATALOG.storage("lustr"))
        .isInstanceOf(UnknownNameException.class).hasMessageContaining("lustre");
  }

  @Test
  void aStorageWithoutAnyLimitOrWithNegativeFiguresIsRefused(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> new StorageSystem("x", null, "nfs", 0, 0, 0, 0, 0, 0, 0, 0, true, "s"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("speed is unknown");
    assertThatThrownBy(() -> new StorageSystem("x", null, "nfs", 2, 0, 1, 0, 0, 0, 0, 0, true, "s"))
        .isInstanceOf(InvalidValueException.class).hasMessageContaining("serverReadGBps");
    Files.writeString(dir.resolve("bad.yaml"), """
        storage:
          - name: mine
            kind: nfs
            servers: 1
            serverReadGBps: -3
            serverWriteGBps: 1
            source: test
        """);
    assertThatThrownBy(() -> Catalog.load(List.of(dir)))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("bad.yaml");
  }

  @Test
  void aUserCatalogReplacesTheDefaultDeployment(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("storage.yaml"), """
        storage:
          - name: lustre
            kind: parallel-fs
            servers: 16
            serverReadGBps: 90
            serverWriteGBps: 65
            durable: true
            source: our 16 appliances
        """);
    assertThat(Catalog.load(List.of(dir)).storage("lustre").writeBytesPerSecond(1000)).isEqualTo(16 * 65e9);
  }
}
