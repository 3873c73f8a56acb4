/**
 * The training framework plug-ins, one class each (Megatron-LM, DeepSpeed, torchtitan, and the plain training
 * script of FSDP, the Hugging Face Trainer and llm-foundry), with the configuration targets they bring. The only
 * code that knows a framework by name. Registered in META-INF/services/org.llmplan.emit.TrainingFramework and
 * named by {@code plugin:} in frameworks.yaml.
 *
 * <p>May depend on: {@code org.llmplan.emit} and the engine below it; not on the other emit packages.
 */
package org.llmplan.emit.framework;
