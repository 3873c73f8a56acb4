package org.llmplan.train;

import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Parallelism;
import org.llmplan.profile.PrecisionPolicy;

/**
 * Seconds per step that DeepSpeed's CPU and NVMe offload add: the bytes it moves over the GPU's host link and the
 * node's NVMe drives, less what compute hides. Data flow of ZeRO-Offload (Ren et al. 2021, arXiv 2101.06840,
 * section 4.1): each micro-batch's 16-bit gradient shard goes to the CPU during backward (overlapped with it);
 * after the CPU optimizer step the 16-bit parameter shard comes back before the next forward (exposed: the
 * one-step delayed update that would hide it is off by default). ZeRO-Infinity (Rajbhandari et al. 2021, arXiv
 * 2104.07857): offloaded parameters are fetched for forward and again for backward, prefetched behind the
 * compute of the layers before; optimizer state on NVMe is read and written once a step. The CPU optimizer's own
 * arithmetic is not modelled (no sourced CPU-Adam rate): {@link TrainingTimeEstimator} says so.
 */
final class OffloadTime {
  /**
   * A node's NVMe drives: 8 x PCIe Gen4 U.2 at about 7 GB/s read, 3.75 GB/s write each (DGX H100 datasheet drive
   * count; datasheet-class drive figures), as storage.yaml's local-nvme entry.
   */
  static final double NVME_READ_BYTES_PER_SECOND = 56e9;
  static final double NVME_WRITE_BYTES_PER_SECOND = 30e9;

  private static final double SIXTEEN_BIT = 2;

  private OffloadTime() {}

  /**
   * Exposed offload seconds per step for a rank holding {@code paramsPerRank} unsharded parameters whose slot of
   * one micro-batch computes for {@code computePerMicro} seconds, {@code backwardPerMicro} of them backward.
   */
  static double seconds(TrainingJob job, double paramsPerRank, double computePerMicro, double backwardPerMicro) {
    Parallelism p = job.parallelism();
    double link = job.gpu().hostLinkGBps() * 1e9;
    if (link <= 0 || (p.offloadOptimizer() == OffloadTarget.NONE && p.offloadParameters() == OffloadTarget.NONE)) {
      return 0;
    }
    double shard = paramsPerRank / p.denseShards();
    int micro = job.microBatches();
    double seconds = 0;
    if (p.offloadOptimizer() != OffloadTarget.NONE) {
      double gradients = shard * SIXTEEN_BIT / link;
      seconds += micro * Math.max(0, gradients - backwardPerMicro) + shard * SIXTEEN_BIT / link;
      if (p.offloadOptimizer() == OffloadTarget.NVME) {
        PrecisionPolicy policy = job.policy();
        double state = shard * (job.optimizer().stateBytesPerParam(policy) + policy.masterBytes(job.precision()))
            * job.gpusPerNode();
        seconds += state / NVME_READ_BYTES_PER_SECOND + state / NVME_WRITE_BYTES_PER_SECOND;
      }
    }
    if (p.offloadParameters() != OffloadTarget.NONE) {
      double bytes = 2 * shard * SIXTEEN_BIT; // forward and backward fetch
      double fetch = bytes / link;
      if (p.offloadParameters() == OffloadTarget.NVME) {
        fetch = Math.max(fetch, bytes * job.gpusPerNode() / NVME_READ_BYTES_PER_SECOND);
      }
      seconds += micro * Math.max(0, fetch - computePerMicro);
    }
    return seconds;
  }
}
