package org.llmplan.profile;

import java.util.Locale;
import org.llmplan.error.Choices;

/**
 * Which iterations replay a captured CUDA graph instead of launching every kernel from Python: a replay costs
 * the CPU one launch, an eager iteration one launch per kernel.
 */
public enum CudaGraphs {
  /** Every kernel launched eagerly (Hugging Face generate). */
  NONE,
  /** Decode-only iterations up to the captured batch size (TensorRT-LLM PyTorch backend, SGLang). */
  DECODE,
  /** Any iteration up to the captured token count, attention kernels launched between graph pieces (vLLM V1). */
  PIECEWISE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static CudaGraphs parse(String text) {
    return Choices.parse("CUDA graph mode", text, values(), CudaGraphs::label);
  }
}
