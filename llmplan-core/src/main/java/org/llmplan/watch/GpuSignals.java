package org.llmplan.watch;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The health signals every run shares, read from dcgm-exporter (field names of its default counters and the
 * NVLink error counters the emitted dcgm-counters.csv enables) and node_exporter's infiniband collector: they
 * say why a run drifts, and warn before it does.
 */
final class GpuSignals {
  /** A GPU below this share of the fastest GPU's SM clock is throttled (power, heat) and holds the others back. */
  static final double CLOCK_SPREAD = 0.90;
  /** Celsius: the emitted GpuTemperatureHigh alert's bound, 5 degrees under the H100's slowdown temperature. */
  static final double HOT_CELSIUS = 85;
  /** A NIC carrying less than this share of the median NIC's traffic is a slow link (NCCL rings wait on it). */
  static final double SLOW_LINK = 0.5;
  /** Memory that grows fast enough to fill the GPU within this many hours is creeping (a leak, fragmentation). */
  static final double CREEP_HOURS = 24;

  private GpuSignals() {}

  static void check(PrometheusClient p, String w, double capacityMiB, boolean network, List<Reading> readings,
      List<String> causes) {
    clocks(p, w, readings, causes);
    memoryGrowth(p, w, capacityMiB, readings, causes);
    if (network) {
      links(p, w, readings, causes);
    }
    for (String counter : List.of("CRC_FLIT", "CRC_DATA", "REPLAY", "RECOVERY")) {
      p.query("increase(DCGM_FI_DEV_NVLINK_" + counter + "_ERROR_COUNT_TOTAL[" + w + "]) > 0").forEach(s ->
          causes.add("slow link: NVLink " + counter.toLowerCase(Locale.ROOT).replace('_', ' ') + " errors on "
              + s.where() + " (" + figure(s.value()) + " in " + w + ")"));
    }
  }

  private static void clocks(PrometheusClient p, String w, List<Reading> readings, List<String> causes) {
    List<Sample> clocks = p.query("avg_over_time(DCGM_FI_DEV_SM_CLOCK[" + w + "])");
    Optional<Sample> slowest = clocks.stream().min(Comparator.comparingDouble(Sample::value));
    double fastest = clocks.stream().mapToDouble(Sample::value).max().orElse(Double.NaN);
    readings.add(Reading.shown("SM clock, slowest GPU (fastest as plan)", "MHz", fastest,
        slowest.map(Sample::value).orElse(Double.NaN)));
    if (slowest.isPresent() && slowest.get().value() < CLOCK_SPREAD * fastest) {
      causes.add("throttled GPU: " + slowest.get().where() + " holds " + figure(slowest.get().value()) + " MHz, the "
          + "fastest " + figure(fastest) + " MHz (power or temperature limit); the others wait for it");
    }
    for (Sample hot : p.query("max_over_time(DCGM_FI_DEV_GPU_TEMP[" + w + "]) > " + figure(HOT_CELSIUS))) {
      causes.add("throttled GPU: " + hot.where() + " reached " + figure(hot.value()) + " C (above "
          + figure(HOT_CELSIUS) + " C clocks slow down): check its cooling");
    }
  }

  private static void memoryGrowth(PrometheusClient p, String w, double capacityMiB, List<Reading> readings,
      List<String> causes) {
    List<Sample> growth = p.query("deriv(DCGM_FI_DEV_FB_USED[" + w + "])");
    Optional<Sample> fastest = growth.stream().max(Comparator.comparingDouble(Sample::value));
    double perHour = fastest.map(s -> s.value() * 3600).orElse(Double.NaN);
    readings.add(Reading.shown("GPU memory growth, fastest GPU", "MiB/h", 0, perHour));
    double used = p.value("max(DCGM_FI_DEV_FB_USED)").orElse(Double.NaN);
    if (perHour > 0 && (capacityMiB - used) / perHour < CREEP_HOURS) {
      causes.add(String.format(Locale.ROOT, "memory creep: %s grows %s MiB/h, %s of %s MiB in use: out of memory "
          + "in %.1f h at this rate (a leak, or fragmentation)", fastest.get().where(), figure(perHour), figure(used),
          figure(capacityMiB), Math.max(0, (capacityMiB - used) / perHour)));
    }
  }

  private static void links(PrometheusClient p, String w, List<Reading> readings, List<String> causes) {
    List<Sample> nics = p.query("rate(node_infiniband_port_data_transmitted_bytes_total[" + w + "])");
    double[] sorted = nics.stream().mapToDouble(Sample::value).sorted().toArray();
    double median = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
    Optional<Sample> slowest = nics.stream().min(Comparator.comparingDouble(Sample::value));
    readings.add(Reading.shown("network, slowest NIC (median as plan)", "GB/s", median / 1e9,
        slowest.map(s -> s.value() / 1e9).orElse(Double.NaN)));
    if (slowest.isPresent() && median > 0 && slowest.get().value() < SLOW_LINK * median) {
      causes.add("slow link: " + slowest.get().where() + " sends " + figure(slowest.get().value() / 1e9)
          + " GB/s, the median NIC " + figure(median / 1e9) + " GB/s");
    }
    p.query("increase(node_infiniband_port_errors_received_total[" + w + "]) > 0").forEach(s ->
        causes.add("slow link: " + figure(s.value()) + " receive errors on " + s.where() + " in " + w));
    p.query("node_infiniband_state_id != 4").forEach(s ->
        causes.add("slow link: " + s.where() + " port is not ACTIVE (state " + figure(s.value()) + ")"));
  }

  /** Three significant digits, more for large numbers, no exponent or trailing zeros. */
  static String figure(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : Double.toString(v);
    }
    BigDecimal d = Math.abs(v) >= 100 ? BigDecimal.valueOf(Math.round(v)) : new BigDecimal(v).round(new MathContext(3));
    return d.stripTrailingZeros().toPlainString();
  }
}
