/**
 * The serving engine plug-ins, one class each (vLLM, TensorRT-LLM, and the engines llmplan cannot launch), with
 * the launch scripts they bring: server flags, image, options file and metric names. The only code that knows an
 * engine by name. Registered in META-INF/services/org.llmplan.emit.ServingEngine and named by {@code plugin:} in
 * engines.yaml.
 *
 * <p>May depend on: {@code org.llmplan.emit} and the engine below it; not on the other emit packages.
 */
package org.llmplan.emit.engine;
