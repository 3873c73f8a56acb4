package org.llmplan.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.UnknownNameException;

/**
 * The embedded hardware catalogs (gpus.yaml, infrastructure.yaml) against the datasheet figures of
 * shared/reference/hardware.csv, copied here so the test stands alone.
 */
class HardwareCatalogTest {
  private static Catalog catalog;

  @BeforeAll
  static void load() {
    catalog = Catalog.embedded();
  }

  /** hardware.csv: name, memory_gb, hbm_tb_s, bf16_dense_tflops, fp8_dense_tflops (empty = 0). */
  static Stream<Arguments> hardwareCsv() {
    return Stream.of(
        Arguments.of("a100-40gb", 40, 1.555, 312, 0),
        Arguments.of("a100-80gb", 80, 2.039, 312, 0),
        Arguments.of("h100-sxm", 80, 3.35, 989, 1979),
        Arguments.of("h100-pcie", 80, 2.0, 756, 1513),
        Arguments.of("h100-nvl", 94, 3.9, 835.5, 1670.5),
        Arguments.of("h200", 141, 4.8, 989, 1979),
        Arguments.of("b200", 180, 7.7, 2250, 4500),
        Arguments.of("gb200", 186, 8.0, 2500, 5000),
        Arguments.of("mi300x", 192, 5.3, 1307.4, 2614.9),
        Arguments.of("mi325x", 256, 6.0, 1307.4, 2614.9),
        Arguments.of("l40s", 48, 0.864, 362.05, 733),
        Arguments.of("l4", 24, 0.300, 121, 242.5),
        Arguments.of("tpu-v4", 32, 1.2, 275, 0),
        Arguments.of("tpu-v5e", 16, 0.819, 197, 0),
        Arguments.of("tpu-v5p", 95, 2.765, 459, 459),
        Arguments.of("tpu-v6e", 32, 1.638, 918, 0),
        // docs/reference/hardware-2026.csv (memory_gb, mem_tb_s, bf16_tflops_dense, fp8_tflops_dense)
        Arguments.of("h800", 80, 3.35, 989, 1978),
        Arguments.of("h20", 96, 4.0, 148, 296),
        Arguments.of("h200-nvl", 141, 4.8, 835.5, 1670.5),
        Arguments.of("b300", 270, 7.7, 2250, 4500),
        Arguments.of("gb300", 279, 8.0, 2500, 5000),
        Arguments.of("mi355x", 288, 8.0, 2500, 5000),
        Arguments.of("mi350x", 288, 8.0, 2300, 4600),
        // blank in the csv (unlabeled on NVIDIA's SE page): aiconfigurator's dense rates at 2,430 MHz
        Arguments.of("rtx-pro-6000-se", 96, 1.597, 467.8, 935.6));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hardwareCsv")
  void everyCsvAcceleratorHasItsDatasheetFigures(String name, double memoryGb, double hbmTBps, double bf16,
      double fp8) {
    Accelerator gpu = catalog.gpu(name);
    assertThat(gpu.name()).isEqualTo(name);
    assertThat(gpu.memoryGiB()).isEqualTo(memoryGb);
    assertThat(gpu.memoryBytes()).isEqualTo(memoryGb * 1024 * 1024 * 1024);
    assertThat(gpu.hbmTBps()).isCloseTo(hbmTBps, within(1e-9));
    assertThat(gpu.hbmBytesPerSecond()).isCloseTo(hbmTBps * 1e12, within(1.0));
    assertThat(gpu.peaks().bf16()).isEqualTo(bf16);
    assertThat(gpu.peakFlops(Precision.BF16)).isCloseTo(bf16 * 1e12, within(1.0));
    assertThat(gpu.peakFlops(Precision.FP16)).isEqualTo(gpu.peakFlops(Precision.BF16));
    assertThat(gpu.peaks().fp8()).isEqualTo(fp8);
    assertThat(gpu.source()).isNotBlank();
  }

  @Test
  void catalogHoldsExactlyTheCsvAccelerators() {
    List<String> expected = hardwareCsv().map(a -> (String) a.get()[0]).toList();
    assertThat(catalog.gpus()).extracting(Accelerator::name).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void fp4ExistsOnlyOnBlackwellAndCdna4AtTheDenseRate() {
    // DGX B200: 144 PF FP4 sparse / 8 GPUs / 2; GB200 NVL72: 1,440 PF FP4 sparse / 72 GPUs / 2.
    assertThat(catalog.gpu("b200").peaks().fp4()).isEqualTo(144_000.0 / 8 / 2);
    assertThat(catalog.gpu("gb200").peaks().fp4()).isEqualTo(1_440_000.0 / 72 / 2);
    // Blackwell Ultra datasheet: 14 PF (HGX B300) and 15 PF (GB300) dense; AMD: 10.1 and 9.2 PF dense
    Map<String, Double> fp4 = Map.of("b200", 9000.0, "gb200", 10000.0, "b300", 14000.0, "gb300", 15000.0,
        "rtx-pro-6000-se", 1871.2, "mi355x", 10100.0, "mi350x", 9200.0);
    fp4.forEach((gpu, dense) -> assertThat(catalog.gpu(gpu).peaks().fp4()).as(gpu).isEqualTo(dense));
    assertThat(catalog.gpus()).filteredOn(g -> !fp4.containsKey(g.name()))
        .allSatisfy(g -> assertThat(g.peaks().fp4()).isZero());
  }

  @Test
  void tpuFp32AndTf32AreUnpublishedAndTdpOnlyWhereKnown() {
    for (String tpu : List.of("tpu-v4", "tpu-v5e", "tpu-v5p", "tpu-v6e")) {
      Peaks p = catalog.gpu(tpu).peaks();
      assertThat(p.fp32()).as(tpu).isZero();
      assertThat(p.tf32()).as(tpu).isZero();
    }
    assertThat(catalog.gpu("tpu-v4").tdpWatts()).isEqualTo(192);
    for (String tpu : List.of("tpu-v5e", "tpu-v5p", "tpu-v6e")) {
      assertThat(catalog.gpu(tpu).tdpWatts()).as(tpu).isZero();
    }
    assertThat(catalog.gpus()).filteredOn(g -> !g.vendor().equals("Google"))
        .allSatisfy(g -> assertThat(g.tdpWatts()).as(g.name()).isPositive());
  }

  /** name, scale-up GB/s per direction (hardware.csv), accelerators per scale-up domain. */
  static Stream<Arguments> scaleUp() {
    return Stream.of(
        Arguments.of("a100-40gb", 300, 8), Arguments.of("a100-80gb", 300, 8), Arguments.of("h100-sxm", 450, 8),
        Arguments.of("h100-pcie", 64, 1), Arguments.of("h100-nvl", 300, 2), Arguments.of("h200", 450, 8),
        Arguments.of("b200", 900, 8), Arguments.of("gb200", 900, 72), Arguments.of("mi300x", 448, 8),
        Arguments.of("mi325x", 448, 8), Arguments.of("l40s", 32, 1), Arguments.of("l4", 32, 1),
        Arguments.of("tpu-v4", 0, 4096), Arguments.of("tpu-v5e", 200, 256), Arguments.of("tpu-v5p", 600, 8960),
        Arguments.of("tpu-v6e", 400, 256),
        // hardware-2026.csv scale_up_gb_s_per_gpu halved where bidirectional; H800 capped at 400 bidirectional
        Arguments.of("h800", 200, 8), Arguments.of("h20", 450, 8), Arguments.of("h200-nvl", 450, 4),
        Arguments.of("b300", 900, 8), Arguments.of("gb300", 900, 72), Arguments.of("mi355x", 537.5, 8),
        Arguments.of("mi350x", 537.5, 8), Arguments.of("rtx-pro-6000-se", 64, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scaleUp")
  void scaleUpLinkAndDomain(String name, double gbPerSecond, int domain) {
    ScaleUp link = catalog.gpu(name).scaleUp();
    assertThat(link.gbPerSecond()).isEqualTo(gbPerSecond);
    assertThat(link.domain()).isEqualTo(domain);
    assertThat(link.link()).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(strings = {"h100", "h100-sxm", "H100 SXM5 80GB", "h100_sxm5", "a100-80gb", "A100", "mi300x"})
  void namesPeopleTypeResolve(String typed) {
    assertThat(catalog.gpu(typed)).isNotNull();
  }

  @Test
  void aliasesResolveToTheIntendedAccelerator() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("h100", "h100-sxm"), Map.entry("h100-sxm5", "h100-sxm"), Map.entry("H100 SXM5 80GB", "h100-sxm"),
        Map.entry("a100", "a100-80gb"), Map.entry("a100-80g", "a100-80gb"), Map.entry("a100-sxm4-80gb", "a100-80gb"),
        Map.entry("a100-40g", "a100-40gb"), Map.entry("mi300", "mi300x"), Map.entry("mi300x", "mi300x"),
        Map.entry("tpu-v5p", "tpu-v5p"), Map.entry("v5p", "tpu-v5p"), Map.entry("trillium", "tpu-v6e"),
        Map.entry("v5e", "tpu-v5e"), Map.entry("TPU v4", "tpu-v4"), Map.entry("h200-sxm", "h200"),
        Map.entry("B200 (DGX B200)", "b200"), Map.entry("H200 NVL", "h200-nvl"), Map.entry("mi355", "mi355x"),
        Map.entry("RTX PRO 6000 Blackwell Server Edition", "rtx-pro-6000-se"));
    expected.forEach((typed, name) -> assertThat(catalog.gpu(typed).name()).as(typed).isEqualTo(name));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h10", "a100-90gb"})
  void unknownGpuNamesTheCloseMatches(String typed) {
    assertThatThrownBy(() -> catalog.gpu(typed))
        .isInstanceOf(UnknownNameException.class)
        .hasMessageContaining("unknown gpu '" + typed + "'")
        .hasMessageContaining("did you mean")
        .hasMessageContaining(typed.startsWith("h") ? "h100-sxm" : "a100-80gb");
  }

  @Test
  void noNameOrAliasIsClaimedTwiceWithinAKind() {
    assertUnique("gpu", catalog.gpus(), Accelerator::name, Accelerator::aliases);
    assertUnique("node", catalog.nodes(), NodeType::name, NodeType::aliases);
    assertUnique("fabric", catalog.fabrics(), Fabric::name, Fabric::aliases);
    assertUnique("cluster", catalog.clusters(), ClusterSpec::name, ClusterSpec::aliases);
  }

  /** Normalised as the registry does: case, spaces and underscores do not matter. */
  private static <T> void assertUnique(String kind, List<T> entries, Function<T, String> name,
      Function<T, List<String>> aliases) {
    Map<String, String> owner = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (T e : entries) {
      List<String> keys = new ArrayList<>();
      keys.add(name.apply(e));
      keys.addAll(aliases.apply(e));
      for (String key : keys) {
        String k = key.trim().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        String previous = owner.put(k, name.apply(e));
        if (previous != null) {
          clashes.add(kind + " '" + key + "' of " + name.apply(e) + " already names " + previous);
        }
      }
    }
    assertThat(clashes).isEmpty();
  }

  /** cluster, expected accelerators in total. */
  static Stream<Arguments> clusterSizes() {
    return Stream.of(
        Arguments.of("selene", 4_480), Arguments.of("eos", 4_608), Arguments.of("dgx-h100-superpod-su", 256),
        Arguments.of("llama3-24k", 24_576), Arguments.of("gb200-nvl72-rack", 72), Arguments.of("a100-hdr-8node", 64));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clusterSizes")
  void clusterGpuCountIsNodesTimesGpusPerNode(String name, int gpus) {
    ClusterSpec cluster = catalog.cluster(name);
    NodeType node = catalog.node(cluster.node());
    assertThat((long) cluster.nodes() * node.gpusPerNode()).isEqualTo(gpus);
    assertThat(cluster.oversubscription()).isGreaterThanOrEqualTo(1);
    assertThat(cluster.source()).isNotBlank();
  }

  @Test
  void everyClusterIsListedAboveAndRunsOnItsNodesNicFabric() {
    assertThat(catalog.clusters()).extracting(ClusterSpec::name)
        .containsExactlyInAnyOrderElementsOf(clusterSizes().map(a -> (String) a.get()[0]).toList());
    for (ClusterSpec cluster : catalog.clusters()) {
      NodeType node = catalog.node(cluster.node());
      assertThat(catalog.fabric(cluster.fabric()).name()).as(cluster.name())
          .isEqualTo(catalog.fabric(node.nicFabric()).name());
    }
    assertThat(catalog.cluster("llama3-24k").oversubscription()).isEqualTo(7);
  }

  @Test
  void nodesAreConsistentWithTheirAccelerators() {
    for (NodeType node : catalog.nodes()) {
      Accelerator gpu = catalog.gpu(node.gpu());
      assertThat(node.gpusPerNode()).as(node.name()).isPositive();
      assertThat(node.nics()).as(node.name()).isPositive();
      assertThat(node.hostMemoryGiB()).as(node.name()).isGreaterThanOrEqualTo(0);
      assertThat(node.source()).as(node.name()).isNotBlank();
      // An NVLink/Infinity Fabric board must hold the whole node; PCIe cards (domain 1) need not.
      if (gpu.scaleUp().domain() > 1) {
        assertThat(node.gpusPerNode()).as(node.name()).isLessThanOrEqualTo(gpu.scaleUp().domain());
      }
    }
    assertThat(catalog.node("dgx-h100").gpu()).isEqualTo("h100-sxm");
    assertThat(catalog.node("hgx-h100").name()).isEqualTo("dgx-h100");
    // a node is a compute tray of 2 Grace + 4 GPUs; the rack is 18 of them in one NVLink domain of 72
    assertThat(catalog.node("gb200-nvl72").gpusPerNode()).isEqualTo(4);
    assertThat(catalog.node("gb200-nvl72").hostMemoryGiB()).isEqualTo(2 * 480);
    assertThat(catalog.cluster("gb200-nvl72-rack").nodes()).isEqualTo(18);
    assertThat(catalog.node("gb300-nvl72").gpusPerNode()).isEqualTo(4);
  }

  /** fabric, line rate per port in bytes/s. */
  static Stream<Arguments> fabricRates() {
    return Stream.of(
        Arguments.of("ib-hdr", 25e9), Arguments.of("ib-ndr", 50e9), Arguments.of("ib-xdr", 100e9),
        Arguments.of("roce-100g", 12.5e9), Arguments.of("roce-200g", 25e9), Arguments.of("roce-400g", 50e9),
        Arguments.of("roce-800g", 100e9));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fabricRates")
  void fabricPortRateConvertsToBytesPerSecond(String name, double bytesPerSecond) {
    assertThat(catalog.fabric(name).portBytesPerSecond()).isEqualTo(bytesPerSecond);
  }

  @Test
  void fabricsAreTheListedOnesAndOnlyNdrHasAMeasuredFraction() {
    assertThat(catalog.fabrics()).extracting(Fabric::name)
        .containsExactlyInAnyOrderElementsOf(fabricRates().map(a -> (String) a.get()[0]).toList());
    assertThat(catalog.fabric("ndr").name()).isEqualTo("ib-ndr");
    assertThat(catalog.fabric("400GbE").name()).isEqualTo("roce-400g");
    // nccl-tests#290: 46-48 GB/s per 400G NIC through NCCL.
    double ndr = catalog.fabric("ib-ndr").achievableFraction();
    assertThat(ndr * catalog.fabric("ib-ndr").portBytesPerSecond()).isBetween(46e9, 48e9);
    assertThat(catalog.fabrics()).filteredOn(f -> !f.name().equals("ib-ndr"))
        .allSatisfy(f -> assertThat(f.achievableFraction()).as(f.name()).isZero());
    assertThat(catalog.fabrics()).allSatisfy(f -> assertThat(f.kind()).isIn("infiniband", "ethernet"));
  }

  @Test
  void pricesOnlyWhereSourcedAndDated() {
    Map<String, Double> sourced = Map.of("h100-sxm", 4.25, "a100-80gb", 2.21, "a100-40gb", 1.844, "h200", 5.408);
    Map<String, Accelerator> byName = catalog.gpus().stream()
        .collect(Collectors.toMap(Accelerator::name, Function.identity()));
    byName.forEach((name, gpu) -> {
      if (sourced.containsKey(name)) {
        assertThat(gpu.price()).as(name).isNotNull();
        assertThat(gpu.price().usdPerHour()).as(name).isEqualTo(sourced.get(name));
        assertThat(gpu.price().date()).as(name).matches("\\d{4}(-\\d{2}(-\\d{2})?)?");
        assertThat(gpu.price().source()).as(name).isNotBlank();
      } else {
        assertThat(gpu.price()).as(name).isNull();
      }
    });
  }
}
