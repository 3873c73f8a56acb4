package org.llmplan.calibrate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.llmplan.error.MalformedInputException;

/**
 * What the probe script measured on one machine (JSON format {@value #FORMAT}). Throughputs in TFLOP/s and
 * bandwidths in GB/s (10^9 bytes/s), as the script prints them; fields the script adds later are ignored.
 *
 * @param skipped what the probe could not measure on that machine, and why (no FP8 tensor cores, say)
 * @param collectives empty when the probe ran with one rank
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProbeResult(
    String format,
    Machine machine,
    List<String> skipped,
    List<GemmRow> gemm,
    List<AttentionRow> attention,
    MemoryRow memory,
    Sustained sustained,
    List<CollectiveRow> collectives) {

  public static final String FORMAT = "llmplan-probe/1";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public ProbeResult {
    skipped = skipped == null ? List.of() : List.copyOf(skipped);
    gemm = gemm == null ? List.of() : List.copyOf(gemm);
    attention = attention == null ? List.of() : List.copyOf(attention);
    collectives = collectives == null ? List.of() : List.copyOf(collectives);
  }

  /**
   * @param device "cuda" or "cpu" (a --cpu run, which checks the script rather than measuring a GPU)
   * @param deviceName the CUDA device name (NVML's product name), or the CPU's
   * @param ranksPerNode ranks on each node; {@code nodes} = worldSize / ranksPerNode
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Machine(String hostname, String torch, String device, String deviceName, int worldSize,
      int ranksPerNode, int nodes, Long memoryBytes, Integer sms) {}

  /** One GEMM of m x k by k x n in {@code dtype} (bf16, fp8, fp4). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record GemmRow(String dtype, long m, long n, long k, double seconds, double tflops) {
    public String shape() {
      return m + "x" + n + "x" + k;
    }
  }

  /**
   * Causal attention forward and backward; FLOPs counted as llmplan counts them (4bhs^2d, halved by the mask;
   * backward 2.5 x forward).
   *
   * @param kernel "fa2" (SDPA limited to its flash kernel), "sdpa" (whichever kernel SDPA chose) or "math"
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AttentionRow(String kernel, int batch, int heads, int seq, int headDim, double forwardTflops,
      double backwardTflops) {}

  /**
   * @param deviceCopyGBps a device-to-device copy counting bytes read plus bytes written
   * @param emptyKernelMicros one tiny kernel, launch to completion, back to back
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record MemoryRow(long copyBytes, double deviceCopyGBps, double hostToDeviceGBps, double deviceToHostGBps,
      double emptyKernelMicros) {}

  /** The largest BF16 GEMM in a loop for {@code seconds}: throughput in its last 30 %, SM clocks (null: unknown). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Sustained(long m, long n, long k, double seconds, double firstTflops, double lastTflops,
      Double smMhzStart, Double smMhzEnd, Double smMhzMax, Double powerWatts, Double powerLimitWatts) {}

  /** One collective over a {@code bytes} buffer (nccl-tests sizes), with its algorithm and bus bandwidth. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CollectiveRow(String op, long bytes, int ranks, double seconds, double algGBps, double busGBps) {}

  public boolean onCpu() {
    return machine == null || !"cuda".equals(machine.device());
  }

  /** The fastest GEMM of a number format, if the probe ran one. */
  public Optional<GemmRow> bestGemm(String dtype) {
    return gemm.stream().filter(g -> dtype.equals(g.dtype()) && g.tflops() > 0)
        .max((a, b) -> Double.compare(a.tflops(), b.tflops()));
  }

  /** Reads a probe JSON file; any problem is one line naming the file. */
  public static ProbeResult read(Path file) {
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new MalformedInputException("cannot read probe output " + file + ": " + e.getMessage(), e);
    }
  }

  public static ProbeResult parse(String text, String origin) {
    ProbeResult probe;
    try {
      probe = JSON.readValue(text, ProbeResult.class);
    } catch (JsonProcessingException e) {
      throw new MalformedInputException(origin + " is not llmplan probe output: " + e.getOriginalMessage(), e);
    }
    if (probe == null || !FORMAT.equals(probe.format())) {
      throw new MalformedInputException(origin + " has format " + (probe == null ? null : probe.format())
          + "; this llmplan reads " + FORMAT + ": run the probe that `llmplan probe` writes");
    }
    if (probe.machine() == null) {
      throw new MalformedInputException(origin + " has no machine section; run the probe again");
    }
    return probe;
  }
}
