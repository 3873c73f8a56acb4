/**
 * The training framework plug-ins, one class each (Megatron-LM, DeepSpeed, torchtitan, Horovod, TensorFlow, and the
 * plain training script of FSDP, the Hugging Face Trainer and llm-foundry), with the configuration targets they
 * bring, and the launch targets of the frameworks that do not run under torchrun (Horovod, TensorFlow). The only
 * code that knows a framework by name. Registered in META-INF/services/org.llmplan.emit.TrainingFramework and
 * named by {@code plugin:} in frameworks.yaml.
 *
 * <p>May depend on: {@code org.llmplan.emit}, {@code org.llmplan.emit.train} (the NCCL environment and the bundle's
 * place in the image, for the launchers of frameworks not under torchrun) and the engine below it; not on the other
 * emit packages.
 */
package org.llmplan.emit.framework;
