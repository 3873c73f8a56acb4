package org.llmplan.storage;

import org.llmplan.estimate.Part;
import org.llmplan.model.ParameterCounts;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.Optimizer;
import org.llmplan.train.TrainingJob;

/**
 * What a checkpoint holds: the weights in their training format, the FP32 master copy and the optimizer
 * states, for the whole model. Gradients are not saved (they are rebuilt by the next step), nor are
 * activations. Mixed-precision Adam under the Megatron or ZeRO policy is 2 + 4 + 8 = 14 bytes per parameter
 * (shared/reference/inference-network-storage.md 4.1); data-loader and RNG state are negligible.
 *
 * <p>Per GPU: Megatron-Core's fully parallel save and PyTorch DCP's deduplication split replicated tensors
 * over the data-parallel ranks, so each GPU writes {@code total / gpus}. Before it writes, each GPU snapshots
 * the state it holds ({@code heldBytesPerGpu}, from the memory estimate of the most loaded GPU; offloaded state
 * is already in host memory and not counted).
 */
public record CheckpointSize(double weightsBytes, double masterBytes, double optimizerBytes, int gpus,
    double heldBytesPerGpu) {

  public static CheckpointSize of(TrainingJob job, MemoryEstimate memory) {
    ParameterCounts pc = job.model().parameters();
    // A LoRA checkpoint saves the adapters and their state; the frozen base is the published model's.
    double params = job.lora() != null ? job.lora().adapterParams(job.model()) : pc.total();
    double optimizer = job.optimizer() == Optimizer.ADAFACTOR && job.lora() == null
        ? pc.factoredStateElements() * 4.0
        : params * job.optimizer().stateBytesPerParam(job.policy());
    double weights = job.lora() != null ? value(memory, "adapters") : value(memory, "parameters");
    double held = weights + value(memory, "masterWeights") + value(memory, "optimizerStates");
    return new CheckpointSize(params * job.policy().paramBytes(job.precision()),
        params * job.policy().masterBytes(job.precision()), optimizer, job.gpus(), held);
  }

  public double totalBytes() {
    return weightsBytes + masterBytes + optimizerBytes;
  }

  /** What each GPU writes when the writes are spread evenly (fully parallel save). */
  public double writeBytesPerGpu() {
    return totalBytes() / gpus;
  }

  private static double value(MemoryEstimate memory, String part) {
    Part p = memory.part(part);
    return p == null ? 0 : p.value();
  }
}
