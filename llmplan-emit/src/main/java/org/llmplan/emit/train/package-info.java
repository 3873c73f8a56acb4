/**
 * The launch files of a training plan: the framework's configuration (Megatron-LM arguments, a DeepSpeed
 * config, a torchtitan TOML), the program every launcher starts, and the launchers themselves (torchrun, Slurm,
 * Kubernetes PyTorchJob and JobSet, a container file) with the NCCL environment for the plan's fabric.
 *
 * <p>Dependencies: The engine (llmplan-core) and the bundle types of {@code emit}. Never {@code server} or
 * {@code cli} (ArchitectureTest).
 */
package org.llmplan.emit.train;
