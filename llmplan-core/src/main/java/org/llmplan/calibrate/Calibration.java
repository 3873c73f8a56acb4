package org.llmplan.calibrate;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.llmplan.calibrate.ProbeResult.AttentionRow;
import org.llmplan.calibrate.ProbeResult.CollectiveRow;
import org.llmplan.calibrate.ProbeResult.GemmRow;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.hardware.Accelerator;
import org.llmplan.hardware.Efficiency;
import org.llmplan.hardware.Efficiency.AttentionEfficiency;
import org.llmplan.hardware.Fabric;

/**
 * A catalog GPU entry (and, from a multi-node probe, a fabric) with the kernel ceilings the probe measured.
 * Each ceiling is a measured rate over the datasheet figure the kernel-time model multiplies it with, so a
 * calibrated entry reproduces the probe's rates: GEMMs over the dense peak of their format, the device copy
 * over the HBM bandwidth, flash attention over the 16-bit peak, the sustained loop over the same GEMM's short
 * run (the clock it holds), NCCL's all-reduce bus bandwidth over the scale-up link; the host link is the pinned
 * copy rate itself, the slower direction, since offload's model moves its bytes at that rate with no ceiling of
 * its own. What the probe did not measure keeps the catalog's value, and says why.
 *
 * @param fabric the calibrated fabric, or null when the probe ran on one node or no fabric was named
 * @param values every calibrated field, in overlay order
 * @param notes measurements no catalog field reads, and warnings about the probe itself
 */
public record Calibration(Accelerator gpu, Fabric fabric, List<CalibratedValue> values, List<String> notes) {
  static final String GEMM = "efficiency.gemm";
  static final String GEMM_FP8 = "efficiency.gemmFp8";
  static final String KERNEL = "efficiency.kernelMicros";
  static final String MEMORY = "efficiency.memory";
  static final String FLASH_FORWARD = "efficiency.attention.fa2.forward";
  static final String FLASH_BACKWARD = "efficiency.attention.fa2.backward";
  static final String CLOCK = "efficiency.sustainedClock";
  static final String BUS = "efficiency.scaleUpBus";
  static final String HOST_LINK = "hostLinkGBps";
  static final String FABRIC = "achievableFraction";

  /**
   * @param name the calibrated entry's name: the base's to replace it for every plan, another to add a GPU
   * @param baseFabric the fabric a multi-node probe ran over, or null
   */
  public static Calibration of(ProbeResult probe, Accelerator base, String name, Fabric baseFabric) {
    Efficiency e = base.kernelCeilings();
    Map<String, CalibratedValue> v = new LinkedHashMap<>();
    Optional<GemmRow> bf16 = probe.bestGemm("bf16");
    put(v, bf16.map(g -> ratio(GEMM, e.gemm(), g.tflops(), base.peaks().bf16(), "bf16 GEMM " + g.shape(), "TFLOP/s",
        "the dense BF16 peak")).orElse(CalibratedValue.kept(GEMM, e.gemm(), "no BF16 GEMM in the probe")));
    put(v, fp8(probe, base, e));
    put(v, kernelMicros(probe, e));
    put(v, probe.memory() == null ? CalibratedValue.kept(MEMORY, e.memory(), "no copy in the probe")
        : ratio(MEMORY, e.memory(), probe.memory().deviceCopyGBps(), base.hbmTBps() * 1000,
            "device copy (read + write)", "GB/s", "the HBM bandwidth"));
    attention(probe, base, e).forEach(c -> put(v, c));
    put(v, sustainedClock(probe, e));
    put(v, scaleUpBus(probe, base, e));
    put(v, hostLink(probe, base));
    List<String> notes = notes(probe, base);
    Efficiency calibrated = new Efficiency(at(v, GEMM), at(v, GEMM_FP8), at(v, KERNEL), at(v, MEMORY),
        attentionWith(e, at(v, FLASH_FORWARD), at(v, FLASH_BACKWARD)), at(v, BUS), e.ncclSmShare(), at(v, CLOCK),
        e.gemmTiles(), source(probe, base, v.values()));
    Accelerator gpu = new Accelerator(name, name.equals(base.name()) ? base.aliases() : List.of(), base.vendor(),
        base.memoryGiB(), base.hbmTBps(), base.peaks(), base.scaleUp(), base.tdpWatts(), base.price(), calibrated,
        base.source(), base.sms(), null, base.kubernetesProductLabel(), at(v, HOST_LINK));
    List<CalibratedValue> values = new ArrayList<>(v.values());
    Fabric fabric = fabric(probe, baseFabric, values, notes);
    return new Calibration(gpu, fabric, List.copyOf(values), List.copyOf(notes));
  }

  /**
   * The catalog GPU the probe ran on: the one whose kubernetesProductLabel is the CUDA device name with dashes
   * for spaces (both are NVML's product name), or the one named.
   */
  public static Accelerator baseGpu(ProbeResult probe, Catalog catalog, String named) {
    if (named != null) {
      return catalog.gpu(named);
    }
    String label = probe.onCpu() ? null : String.valueOf(probe.machine().deviceName()).trim().replace(' ', '-');
    return catalog.gpus().stream().filter(g -> g.kubernetesProductLabel() != null
            && g.kubernetesProductLabel().equalsIgnoreCase(label)).findFirst()
        .orElseThrow(() -> new InvalidValueException("the probe ran on " + (probe.onCpu() ? "the CPU"
            : "'" + probe.machine().deviceName() + "'") + ", which no catalog gpu's kubernetesProductLabel names: "
            + "pass --gpu NAME, the catalog entry to calibrate"));
  }

  private static void put(Map<String, CalibratedValue> values, CalibratedValue value) {
    values.put(value.field(), value);
  }

  private static double at(Map<String, CalibratedValue> values, String field) {
    return values.get(field).calibrated();
  }

  /** measured / datasheet, to four significant digits. */
  private static CalibratedValue ratio(String field, double catalog, double measured, double datasheet, String what,
      String unit, String of) {
    return CalibratedValue.measured(field, catalog, round(measured / datasheet),
        String.format(Locale.ROOT, "%s: %s %s of %s %s (%s)", what, figure(measured), unit, figure(datasheet), unit, of));
  }

  private static CalibratedValue fp8(ProbeResult probe, Accelerator base, Efficiency e) {
    if (!(base.peaks().fp8() > 0)) {
      return CalibratedValue.kept(GEMM_FP8, e.gemmFp8(), base.name() + " has no FP8 peak");
    }
    return probe.bestGemm("fp8").map(g -> ratio(GEMM_FP8, e.gemmFp8(), g.tflops(), base.peaks().fp8(),
            "fp8 GEMM " + g.shape(), "TFLOP/s", "the dense FP8 peak"))
        .orElse(CalibratedValue.kept(GEMM_FP8, e.gemmFp8(), "no FP8 GEMM in the probe"));
  }

  /** The smallest BF16 GEMM's time beyond its FLOPs at the best GEMM rate: launch and tail, per kernel. */
  private static CalibratedValue kernelMicros(ProbeResult probe, Efficiency e) {
    List<GemmRow> rows = probe.gemm().stream().filter(g -> "bf16".equals(g.dtype()) && g.tflops() > 0).toList();
    Optional<GemmRow> best = probe.bestGemm("bf16");
    if (rows.size() < 2 || best.isEmpty()) {
      return CalibratedValue.kept(KERNEL, e.kernelMicros(), "the probe needs two BF16 GEMM sizes for it");
    }
    GemmRow small = rows.stream().min((a, b) -> Double.compare(flops(a), flops(b))).orElseThrow();
    double roofline = flops(small) / (best.get().tflops() * 1e12);
    double micros = Math.max(0, (small.seconds() - roofline) * 1e6);
    return CalibratedValue.measured(KERNEL, e.kernelMicros(), round(micros), String.format(Locale.ROOT,
        "bf16 GEMM %s: %s us, %s us at the rate of %s", small.shape(), figure(small.seconds() * 1e6),
        figure(roofline * 1e6), best.get().shape()));
  }

  private static double flops(GemmRow g) {
    return 2.0 * g.m() * g.n() * g.k();
  }

  /** SDPA rows limited to the flash kernel (FlashAttention-2 in PyTorch 2.2+) calibrate fa2. */
  private static List<CalibratedValue> attention(ProbeResult probe, Accelerator base, Efficiency e) {
    AttentionEfficiency fa2 = e.attention(Efficiency.FLASH_ATTENTION_2);
    Optional<AttentionRow> forward = probe.attention().stream().filter(a -> Efficiency.FLASH_ATTENTION_2.equals(a.kernel()))
        .max((a, b) -> Double.compare(a.forwardTflops(), b.forwardTflops()));
    Optional<AttentionRow> backward = probe.attention().stream().filter(a -> Efficiency.FLASH_ATTENTION_2.equals(a.kernel()))
        .max((a, b) -> Double.compare(a.backwardTflops(), b.backwardTflops()));
    if (forward.isEmpty()) {
      String reason = "the probe timed no flash kernel (SDPA limited to flash attention)";
      return List.of(CalibratedValue.kept(FLASH_FORWARD, fa2.forward(), reason),
          CalibratedValue.kept(FLASH_BACKWARD, fa2.backward(), reason));
    }
    return List.of(ratio(FLASH_FORWARD, fa2.forward(), forward.get().forwardTflops(), base.peaks().bf16(),
            "flash attention forward, " + shape(forward.get()), "TFLOP/s", "the dense BF16 peak"),
        ratio(FLASH_BACKWARD, fa2.backward(), backward.get().backwardTflops(), base.peaks().bf16(),
            "flash attention backward, " + shape(backward.get()), "TFLOP/s", "the dense BF16 peak"));
  }

  private static String shape(AttentionRow a) {
    return "batch " + a.batch() + " x " + a.heads() + " heads x seq " + a.seq() + " x dim " + a.headDim();
  }

  private static Map<String, AttentionEfficiency> attentionWith(Efficiency e, double forward, double backward) {
    Map<String, AttentionEfficiency> kernels = new LinkedHashMap<>(e.attention());
    kernels.put(Efficiency.FLASH_ATTENTION_2, new AttentionEfficiency(forward, backward));
    return kernels;
  }

  /** The sustained loop's last 30 % over the same GEMM's short run: the clock share held under load, at most 1. */
  private static CalibratedValue sustainedClock(ProbeResult probe, Efficiency e) {
    ProbeResult.Sustained s = probe.sustained();
    Optional<GemmRow> sameShape = s == null ? Optional.empty() : probe.gemm().stream()
        .filter(g -> "bf16".equals(g.dtype()) && g.m() == s.m() && g.n() == s.n() && g.k() == s.k()).findFirst();
    if (sameShape.isEmpty() || !(s.lastTflops() > 0)) {
      return CalibratedValue.kept(CLOCK, e.sustainedClock(), "no sustained GEMM loop in the probe");
    }
    double share = Math.min(1, s.lastTflops() / sameShape.get().tflops());
    String clocks = s.smMhzEnd() != null && s.smMhzMax() != null
        ? String.format(Locale.ROOT, "; SM clock %s of %s MHz at the end", figure(s.smMhzEnd()), figure(s.smMhzMax()))
        : "";
    return CalibratedValue.measured(CLOCK, e.sustainedClock(), round(share), String.format(Locale.ROOT,
        "bf16 GEMM %s for %s s: %s TFLOP/s at the end vs %s in a short run%s", sameShape.get().shape(),
        figure(s.seconds()), figure(s.lastTflops()), figure(sameShape.get().tflops()), clocks));
  }

  private static CalibratedValue scaleUpBus(ProbeResult probe, Accelerator base, Efficiency e) {
    Optional<CollectiveRow> best = bestAllReduce(probe);
    if (best.isEmpty() || probe.machine().nodes() > 1) {
      return CalibratedValue.kept(BUS, e.scaleUpBus(), best.isEmpty() ? "no all-reduce over two or more ranks"
          : "the all-reduce spanned nodes (it calibrates the fabric)");
    }
    if (!(base.scaleUp().gbPerSecond() > 0)) {
      return CalibratedValue.kept(BUS, e.scaleUpBus(), base.name() + " has no scale-up bandwidth");
    }
    CollectiveRow r = best.get();
    return ratio(BUS, e.scaleUpBus(), r.busGBps(), base.scaleUp().gbPerSecond(),
        "all-reduce of " + mib(r.bytes()) + " over " + r.ranks() + " ranks, bus bandwidth", "GB/s",
        "the scale-up link per direction");
  }

  /**
   * Pinned host-to-device and device-to-host copies of 1 GiB: offload moves gradients out and parameters back,
   * so the slower direction paces it. A GPU without a host link in the catalog (0: TPUs) keeps none.
   */
  private static CalibratedValue hostLink(ProbeResult probe, Accelerator base) {
    ProbeResult.MemoryRow m = probe.memory();
    if (m == null || !(m.hostToDeviceGBps() > 0) || !(m.deviceToHostGBps() > 0)) {
      return CalibratedValue.kept(HOST_LINK, base.hostLinkGBps(), "no pinned host copies in the probe");
    }
    if (!(base.hostLinkGBps() > 0)) {
      return CalibratedValue.kept(HOST_LINK, base.hostLinkGBps(), base.name() + " has no host link in the catalog");
    }
    double slower = Math.min(m.hostToDeviceGBps(), m.deviceToHostGBps());
    return CalibratedValue.measured(HOST_LINK, base.hostLinkGBps(), round(slower), String.format(Locale.ROOT,
        "pinned copies of %s: host to device %s GB/s, device to host %s GB/s (the slower direction)",
        mib(m.copyBytes()), figure(m.hostToDeviceGBps()), figure(m.deviceToHostGBps())));
  }

  private static Optional<CollectiveRow> bestAllReduce(ProbeResult probe) {
    return probe.collectives().stream().filter(c -> "all_reduce".equals(c.op()) && c.ranks() > 1)
        .max((a, b) -> Double.compare(a.busGBps(), b.busGBps()));
  }

  /** A multi-node all-reduce over one NIC per GPU (the DGX design): its bus bandwidth over one port's line rate. */
  private static Fabric fabric(ProbeResult probe, Fabric base, List<CalibratedValue> values, List<String> notes) {
    Optional<CollectiveRow> best = bestAllReduce(probe);
    if (probe.machine().nodes() <= 1 || best.isEmpty()) {
      return null;
    }
    if (base == null) {
      notes.add("the probe spanned " + probe.machine().nodes() + " nodes: name their fabric (--fabric) to calibrate it");
      return null;
    }
    CollectiveRow r = best.get();
    CalibratedValue v = ratio(FABRIC, base.achievableFraction(), Math.min(r.busGBps(), base.portBytesPerSecond() / 1e9),
        base.portBytesPerSecond() / 1e9, "all-reduce of " + mib(r.bytes()) + " over " + probe.machine().nodes()
            + " nodes, bus bandwidth per GPU", "GB/s", "one " + base.name() + " port; one NIC per GPU assumed");
    values.add(new CalibratedValue("fabrics." + base.name() + "." + FABRIC, v.catalog(), v.calibrated(),
        v.measurement(), null));
    return new Fabric(base.name(), base.aliases(), base.kind(), base.gbitsPerPort(), v.calibrated(),
        base.source() + "; achievableFraction: llmplan probe on " + probe.machine().hostname());
  }

  private static List<String> notes(ProbeResult probe, Accelerator base) {
    List<String> notes = new ArrayList<>();
    if (probe.onCpu()) {
      notes.add("the probe ran on the CPU (--cpu): these numbers check the script, they do not describe "
          + base.name());
    }
    probe.bestGemm("fp4").ifPresent(g -> notes.add(String.format(Locale.ROOT, "fp4 GEMM %s: %s TFLOP/s of %s; no "
        + "catalog field reads it (the kernel-time model has no FP4 ceiling)", g.shape(), figure(g.tflops()),
        figure(base.peaks().fp4()))));
    if (base.kernelCeilings().attention().size() > 1) {
      notes.add("attention kernels other than fa2 keep the catalog's ceilings: the probe times PyTorch's flash kernel");
    }
    probe.skipped().forEach(s -> notes.add("not measured: " + s));
    return notes;
  }

  private static String source(ProbeResult probe, Accelerator base, Iterable<CalibratedValue> values) {
    StringBuilder b = new StringBuilder("llmplan probe on " + probe.machine().hostname() + " ("
        + probe.machine().deviceName() + ", torch " + probe.machine().torch() + "): ");
    List<String> parts = new ArrayList<>();
    for (CalibratedValue v : values) {
      String field = v.field().replace("efficiency.", "");
      parts.add(v.fromProbe() ? field + " from " + v.measurement() : field + " kept from " + base.name() + " ("
          + v.reason() + ")");
    }
    return b.append(String.join("; ", parts)).toString();
  }

  private static String mib(long bytes) {
    return figure(bytes / 1048576.0) + " MiB";
  }

  static double round(double value) {
    return value == 0 || !Double.isFinite(value) ? value
        : new BigDecimal(value).round(new MathContext(4)).doubleValue();
  }

  static String figure(double value) {
    return new BigDecimal(Double.toString(round(value))).stripTrailingZeros().toPlainString();
  }
}
