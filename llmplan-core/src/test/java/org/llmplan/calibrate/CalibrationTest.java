package org.llmplan.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.MalformedInputException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;

/**
 * Probe JSON -> ceilings, with numbers worked by hand from the H100 microbenchmarks the catalog cites
 * (BF16 8192^3 at 800 TFLOP/s of 989, FP8 1455 of 1979, device copy 3015 of 3350 GB/s, 370 GB/s all-reduce bus
 * bandwidth over 450 GB/s NVLink).
 */
class CalibrationTest {
  private static final Catalog CATALOG = Catalog.embedded();
  private static final Accelerator H100 = CATALOG.gpu("h100-sxm");

  @TempDir
  Path dir;

  @Test
  void eachCeilingIsTheMeasuredRateOverItsDatasheetFigure() {
    ProbeResult probe = ProbeResult.parse(probe(800, 1455, 25.5e-6, 3015, 350, 290, 656, 370, 1), "probe.json");
    Calibration c = Calibration.of(probe, H100, "my-h100", null);
    Efficiency e = c.gpu().efficiency();
    assertThat(e.gemm()).isCloseTo(800 / 989.0, within(1e-4));
    assertThat(e.gemmFp8()).isCloseTo(1455 / 1979.0, within(1e-4));
    // 2048^3 at 800 TFLOP/s takes 2 * 2048^3 / 800e12 = 21.47 us; measured 25.5 us leaves 4.03 us per kernel
    assertThat(e.kernelMicros()).isCloseTo(25.5 - 2 * Math.pow(2048, 3) / 800e12 * 1e6, within(1e-2));
    assertThat(e.memory()).isCloseTo(0.9, within(1e-4));
    assertThat(e.attention("fa2").forward()).isCloseTo(350 / 989.0, within(1e-4));
    assertThat(e.attention("fa2").backward()).isCloseTo(290 / 989.0, within(1e-4));
    assertThat(e.sustainedClock()).isCloseTo(656 / 800.0, within(1e-4));
    assertThat(e.scaleUpBus()).isCloseTo(370 / 450.0, within(1e-4));
    assertThat(c.gpu().hostLinkGBps()).as("the slower of 55 GB/s to the GPU and 52 back").isEqualTo(52);
    assertThat(e.ncclSmShare()).as("not measured: kept").isEqualTo(H100.efficiency().ncclSmShare());
    assertThat(e.attention("fa3")).as("other kernels keep the catalog's").isEqualTo(H100.efficiency().attention("fa3"));
    assertThat(c.gpu().efficiencyFrom()).isNull();
    assertThat(c.gpu().aliases()).as("a new name takes none of the base's aliases").isEmpty();
    assertThat(c.values()).allMatch(CalibratedValue::fromProbe);
    assertThat(c.fabric()).isNull();
  }

  @Test
  void theOverlayLoadsBackAsTheCalibratedEntryAndAProbeOfTheCatalogsOwnFiguresMovesNothing() throws IOException {
    double gemm = 0.80 * 989;
    double small = 2 * Math.pow(2048, 3) / (gemm * 1e12) + 4e-6;
    ProbeResult probe = ProbeResult.parse(probe(gemm, 0.73 * 1979, small, 0.9 * 3350, 0.35 * 989, 0.29 * 989,
        0.82 * gemm, 0.82 * 450, 1, H100.hostLinkGBps(), H100.hostLinkGBps()), "probe.json");
    Calibration c = Calibration.of(probe, H100, "same-h100", null);
    Files.writeString(dir.resolve("same.yaml"), Overlay.yaml(c, "probe.json"));
    Catalog after = Catalog.load(List.of(dir));
    assertThat(after.gpu("same-h100")).isEqualTo(c.gpu());
    for (ReferencePlans.Shift s : ReferencePlans.of(CATALOG, H100.name(), after, "same-h100")) {
      assertThat(s.change()).as(s.what()).isCloseTo(0, within(1e-3));
    }
  }

  @Test
  void aSlowerGemmSlowsTheReferenceTrainingStep() throws IOException {
    ProbeResult probe = ProbeResult.parse(probe(600, 1455, 25.5e-6, 3015, 350, 290, 492, 370, 1), "probe.json");
    Calibration c = Calibration.of(probe, H100, H100.name(), null);
    assertThat(c.gpu().aliases()).as("the same name replaces the entry, aliases and all").isEqualTo(H100.aliases());
    Files.writeString(dir.resolve("slow.yaml"), Overlay.yaml(c, "probe.json"));
    List<ReferencePlans.Shift> shifts = ReferencePlans.of(CATALOG, H100.name(), Catalog.load(List.of(dir)), H100.name());
    assertThat(shifts.get(0).what()).startsWith("training step");
    assertThat(shifts.get(0).afterSeconds()).isGreaterThan(shifts.get(0).beforeSeconds() * 1.1);
  }

  @Test
  void aSlowerHostLinkSlowsOnlyTheOffloadedStepByTheParametersItBringsBack() throws IOException {
    ProbeResult probe = ProbeResult.parse(probe(0.80 * 989, 0.73 * 1979, 2 * Math.pow(2048, 3) / (0.8 * 989e12) + 4e-6,
        0.9 * 3350, 0.35 * 989, 0.29 * 989, 0.82 * 0.8 * 989, 0.82 * 450, 1, 32, 32), "probe.json");
    Calibration c = Calibration.of(probe, H100, "pcie4-h100", null);
    Files.writeString(dir.resolve("pcie4.yaml"), Overlay.yaml(c, "probe.json"));
    List<ReferencePlans.Shift> shifts = ReferencePlans.of(CATALOG, H100.name(), Catalog.load(List.of(dir)),
        "pcie4-h100");
    assertThat(shifts.get(0).change()).as("no offload: the host link is idle").isCloseTo(0, within(1e-3));
    ReferencePlans.Shift offload = shifts.get(1);
    assertThat(offload.what()).contains("offloaded to the CPU");
    // ZeRO-Offload brings the updated 16-bit parameter shard back before the next forward, exposed: Llama-3.1-8B's
    // 8.03e9 parameters over 8 shards x 2 B = 2.01 GB, at 32 instead of 64 GB/s: 62.7 - 31.4 = 31.4 ms more. The
    // gradients go out during backward, which is longer than 2.01 GB / 32 GB/s per micro-batch, so stay hidden.
    assertThat(offload.afterSeconds() - offload.beforeSeconds()).isCloseTo(8.03e9 / 8 * 2 * (1 / 32e9 - 1 / 64e9),
        within(1.5e-3));
  }

  @Test
  void aMultiNodeAllReduceCalibratesTheFabricPort() {
    ProbeResult probe = ProbeResult.parse(probe(800, 1455, 25.5e-6, 3015, 350, 290, 656, 45, 2), "probe.json");
    Calibration c = Calibration.of(probe, H100, "my-h100", CATALOG.fabric("ib-ndr"));
    // 45 GB/s bus bandwidth per GPU over one 400 Gb/s port (50 GB/s)
    assertThat(c.fabric().achievableFraction()).isCloseTo(0.9, within(1e-4));
    assertThat(c.gpu().efficiency().scaleUpBus()).as("a cross-node all-reduce says nothing of NVLink")
        .isEqualTo(H100.efficiency().scaleUpBus());
  }

  @Test
  void whatTheProbeDidNotMeasureKeepsTheCatalogsValueAndSaysWhy() {
    String json = "{\"format\": \"llmplan-probe/1\", \"machine\": {\"hostname\": \"h\", \"device\": \"cuda\","
        + " \"deviceName\": \"NVIDIA H100 80GB HBM3\", \"worldSize\": 1, \"ranksPerNode\": 1, \"nodes\": 1},"
        + " \"gemm\": [{\"dtype\": \"bf16\", \"m\": 8192, \"n\": 8192, \"k\": 8192, \"seconds\": 0.0014,"
        + " \"tflops\": 785}], \"skipped\": [\"fp8 GEMM: this PyTorch has no float8 matmul\"]}";
    ProbeResult probe = ProbeResult.parse(json, "p.json");
    assertThat(Calibration.baseGpu(probe, CATALOG, null).name()).as("found by its product label").isEqualTo("h100-sxm");
    Calibration c = Calibration.of(probe, H100, "x", null);
    assertThat(c.values()).filteredOn(CalibratedValue::fromProbe).extracting(CalibratedValue::field)
        .containsExactly("efficiency.gemm");
    assertThat(c.gpu().efficiency().memory()).isEqualTo(H100.efficiency().memory());
    assertThat(c.values()).filteredOn(v -> !v.fromProbe()).allMatch(v -> v.reason() != null);
    assertThat(c.notes()).contains("not measured: fp8 GEMM: this PyTorch has no float8 matmul");
  }

  @Test
  void badProbeFilesAndUnknownDevicesAreOneLineErrors() {
    assertThatThrownBy(() -> ProbeResult.parse("{\"format\": \"other/2\"}", "p.json"))
        .isInstanceOf(MalformedInputException.class).hasMessageContaining("p.json has format other/2");
    assertThatThrownBy(() -> ProbeResult.parse("not json", "p.json")).isInstanceOf(MalformedInputException.class);
    ProbeResult cpu = ProbeResult.parse("{\"format\": \"llmplan-probe/1\", \"machine\": {\"device\": \"cpu\"}}", "p");
    assertThatThrownBy(() -> Calibration.baseGpu(cpu, CATALOG, null)).isInstanceOf(InvalidValueException.class)
        .hasMessageContaining("pass --gpu NAME");
  }

  /** A probe result of one or two nodes of 8 GPUs with the given rates (TFLOP/s, GB/s, seconds). */
  private static String probe(double bf16, double fp8, double small, double copy, double fwd, double bwd,
      double sustained, double busGBps, int nodes) {
    return probe(bf16, fp8, small, copy, fwd, bwd, sustained, busGBps, nodes, 55, 52);
  }

  /** As above, with pinned host copies of {@code toDevice} and {@code toHost} GB/s. */
  private static String probe(double bf16, double fp8, double small, double copy, double fwd, double bwd,
      double sustained, double busGBps, int nodes, double toDevice, double toHost) {
    return String.format(Locale.ROOT, """
        {"format": "llmplan-probe/1",
         "machine": {"hostname": "h", "torch": "2.5", "device": "cuda", "deviceName": "NVIDIA H100 80GB HBM3",
                     "worldSize": %d, "ranksPerNode": 8, "nodes": %d},
         "gemm": [{"dtype": "bf16", "m": 8192, "n": 8192, "k": 8192, "seconds": %s, "tflops": %s},
                  {"dtype": "bf16", "m": 2048, "n": 2048, "k": 2048, "seconds": %s, "tflops": %s},
                  {"dtype": "fp8", "m": 8192, "n": 8192, "k": 8192, "seconds": 0.001, "tflops": %s}],
         "attention": [{"kernel": "fa2", "batch": 4, "heads": 32, "seq": 4096, "headDim": 128,
                        "forwardTflops": %s, "backwardTflops": %s},
                       {"kernel": "sdpa", "batch": 4, "heads": 32, "seq": 4096, "headDim": 128,
                        "forwardTflops": 900, "backwardTflops": 900}],
         "memory": {"copyBytes": 1073741824, "deviceCopyGBps": %s, "hostToDeviceGBps": %s, "deviceToHostGBps": %s},
         "sustained": {"m": 8192, "n": 8192, "k": 8192, "seconds": 30, "firstTflops": %s, "lastTflops": %s},
         "collectives": [{"op": "all_reduce", "bytes": 1073741824, "ranks": %d, "busGBps": %s},
                         {"op": "all_gather", "bytes": 1073741824, "ranks": %d, "busGBps": 999}]}
        """, 8 * nodes, nodes, 2 * Math.pow(8192, 3) / (bf16 * 1e12), bf16, small,
        2 * Math.pow(2048, 3) / small / 1e12, fp8, fwd, bwd, copy, toDevice, toHost, bf16, sustained, 8 * nodes, busGBps, 8 * nodes);
  }
}
