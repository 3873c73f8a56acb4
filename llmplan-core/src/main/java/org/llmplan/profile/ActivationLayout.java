package org.llmplan.profile;

/**
 * Which tensors a framework's model code saves for the backward pass.
 * MEGATRON: Korthikanti et al. 2022 (fused kernels, one saved input per op); HF_EAGER: the Hugging Face
 * transformers eager modules, whose Python RMSNorm keeps an FP32 copy and whose RoPE and softmax keep extra
 * tensors (derived op by op from modeling_llama.py, see ActivationMemory).
 */
public enum ActivationLayout {
  MEGATRON,
  HF_EAGER
}
