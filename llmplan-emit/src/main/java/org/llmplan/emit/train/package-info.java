/**
 * The training targets every framework shares: the torchrun launcher, the Slurm batch script, the Kubeflow
 * PyTorchJob and JobSet, the container file and the NCCL environment. What a framework runs comes from its
 * plug-in through {@link org.llmplan.emit.LaunchPlan#program()}; nothing here tests a framework's name.
 *
 * <p>May depend on: {@code org.llmplan.emit} and the engine below it.
 */
package org.llmplan.emit.train;
