package org.llmplan.profile;

import java.util.List;
import org.llmplan.error.InvalidValueException;
import org.llmplan.parallel.OffloadTarget;
import org.llmplan.parallel.Recompute;
import org.llmplan.parallel.Sharding;

/**
 * What a training framework keeps in GPU memory beyond the model state, and which options it offers.
 * Every number names its source in the catalog; a value that is not known is 0 and the part it sizes is
 * reported as not modelled rather than guessed.
 *
 * @param plugin the launch plug-in that writes this framework's files (emit's plug-in registry; null: none)
 * @param policy default precision policy
 * @param shardings sharding modes the framework implements; the first is its default
 * @param recompute recompute modes it implements
 * @param offload which state it can offload: "optimizer", "parameters"
 * @param maxTensorParallel largest TP it supports (0 = no limit; 1 = none)
 * @param maxPipelineParallel largest PP it supports (0 = no limit; 1 = none)
 * @param layouts what its pipeline and parallel axes cannot run (null: no limit beyond the layout rules)
 * @param logitsBytesPerElement bytes kept per logit (vocab x token) through the loss
 * @param runtimeReservedGiB GPU memory taken by the CUDA context and kernels before any tensor
 * @param fragmentation extra reserved memory as a fraction of allocated memory (caching allocator)
 * @param reduceBucketElements elements of a gradient reduction bucket allocated besides the gradients
 * @param gatheredLayers unsharded layers held at once when parameters are sharded (ZeRO-3/FSDP prefetch)
 * @param unshardedGradLayers unsharded layer gradients held before their reduce-scatter (FSDP)
 * @param ddpGradientCopy whether data parallelism copies gradients into separate buckets (torch DDP default)
 * @param hostBufferFactor host memory allocated per byte of offloaded state
 * @param attentionKernel the flash-attention kernel it runs (fa2, fa3), looked up in the accelerator's ceilings
 * @param dpOverlap share of the backward pass that data-parallel gradient traffic can hide behind (0 to 1)
 * @param tpOverlap share of tensor-parallel traffic hidden behind GEMMs (Megatron-Core tp-comm-overlap)
 * @param eagerElementwise whether norms, activations and residual adds run as separate eager PyTorch ops
 *     (more HBM traffic) instead of fused kernels
 * @param gradAccumulationBytes bytes per local parameter that adding each micro-batch's weight gradients into
 *     the accumulated gradient reads and writes as a separate pass (0 when the weight-gradient GEMM
 *     accumulates in place, as Megatron-Core's gradient-accumulation fusion does)
 * @param tensorFusion how gradients are fused into all-reduce buffers on a cycle (Horovod), or null for none
 * @param memoryHeadroom share of GPU memory a plan must leave free to count as fitting: fragmentation beyond the
 *     modelled share and transient peaks (workspaces, the optimizer step) that kill jobs planned at 99 %
 * @param lora the frozen-base storages (bf16, fp8, nf4) its LoRA implementation fine-tunes over; empty: no LoRA
 */
public record FrameworkProfile(
    String name,
    List<String> aliases,
    String description,
    String plugin,
    PrecisionPolicy policy,
    List<Sharding> shardings,
    List<Recompute> recompute,
    List<String> offload,
    ActivationLayout activations,
    AttentionImpl attention,
    int maxTensorParallel,
    int maxPipelineParallel,
    LayoutSupport layouts,
    double logitsBytesPerElement,
    double runtimeReservedGiB,
    double fragmentation,
    double reduceBucketElements,
    int gatheredLayers,
    int unshardedGradLayers,
    boolean ddpGradientCopy,
    double hostBufferFactor,
    String attentionKernel,
    double dpOverlap,
    double tpOverlap,
    boolean eagerElementwise,
    double gradAccumulationBytes,
    TensorFusion tensorFusion,
    double memoryHeadroom,
    List<String> lora,
    List<String> sources) {

  public FrameworkProfile {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    shardings = shardings == null || shardings.isEmpty() ? List.of(Sharding.NONE) : List.copyOf(shardings);
    recompute = recompute == null || recompute.isEmpty() ? List.of(Recompute.values()) : List.copyOf(recompute);
    offload = offload == null ? List.of() : List.copyOf(offload);
    sources = sources == null ? List.of() : List.copyOf(sources);
    lora = lora == null ? List.of() : List.copyOf(lora);
    layouts = layouts == null ? LayoutSupport.ANY : layouts;
    if (policy == null) {
      policy = PrecisionPolicy.MEGATRON;
    }
    if (activations == null) {
      activations = ActivationLayout.MEGATRON;
    }
    if (attention == null) {
      attention = AttentionImpl.FLASH;
    }
    if (hostBufferFactor == 0) {
      hostBufferFactor = 1;
    }
    if (attentionKernel == null) {
      attentionKernel = "fa2";
    }
    if (memoryHeadroom < 0 || memoryHeadroom >= 0.5) {
      throw new InvalidValueException("framework " + name + ": memoryHeadroom " + memoryHeadroom + " must be a share "
          + "of GPU memory from 0 to 0.5");
    }
  }

  /** The same framework with data-parallel overlap switched (Megatron's --overlap-grad-reduce). */
  public FrameworkProfile withDpOverlap(double overlap) {
    return new FrameworkProfile(name, aliases, description, plugin, policy, shardings, recompute, offload, activations,
        attention, maxTensorParallel, maxPipelineParallel, layouts, logitsBytesPerElement, runtimeReservedGiB, fragmentation,
        reduceBucketElements, gatheredLayers, unshardedGradLayers, ddpGradientCopy, hostBufferFactor,
        attentionKernel, overlap, tpOverlap, eagerElementwise, gradAccumulationBytes, tensorFusion, memoryHeadroom, lora,
        sources);
  }

  /** The same framework with another memory margin (--headroom). */
  public FrameworkProfile withMemoryHeadroom(double share) {
    return new FrameworkProfile(name, aliases, description, plugin, policy, shardings, recompute, offload, activations,
        attention, maxTensorParallel, maxPipelineParallel, layouts, logitsBytesPerElement, runtimeReservedGiB,
        fragmentation, reduceBucketElements, gatheredLayers, unshardedGradLayers, ddpGradientCopy, hostBufferFactor,
        attentionKernel, dpOverlap, tpOverlap, eagerElementwise, gradAccumulationBytes, tensorFusion, share, lora,
        sources);
  }

  public Sharding defaultSharding() {
    return shardings.get(0);
  }

  /** Whether its LoRA implementation takes base weights stored as {@code base} (bf16, fp8, nf4). */
  public boolean loraOver(String base) {
    return lora.contains(base);
  }

  public boolean canOffload(String what, OffloadTarget target) {
    return target == OffloadTarget.NONE || offload.contains(what);
  }
}
