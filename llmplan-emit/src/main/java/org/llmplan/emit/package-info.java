/**
 * The base of launch bundles: a resolved plan ({@link org.llmplan.emit.LaunchPlan},
 * {@link org.llmplan.emit.ServingLaunch}), the target interfaces, the file record and writer, the formats every
 * target writes (JSON/YAML/TOML, shell words, shared pod and README parts), and the plug-in interfaces
 * ({@link org.llmplan.emit.TrainingFramework}, {@link org.llmplan.emit.ServingEngine}) with their one registry,
 * {@link org.llmplan.emit.Plugins}, which finds the plug-ins through {@link java.util.ServiceLoader} so that this
 * package never depends on them.
 *
 * <p>May depend on: the engine below it (catalog, plan, profile, hardware, train, infer, error). Never on its own
 * subpackages.
 */
package org.llmplan.emit;
