/**
 * Launch bundles: the files generated from a saved plan (framework configuration, launchers, manifests,
 * monitoring, a README), each target a small class that reads the plan resolved by the same estimators as the
 * command line and returns its files; the bundle is built whole in memory and written so that a folder holds
 * either the new bundle or the old one.
 *
 * <p>Dependencies: The engine (llmplan-core: {@code plan}, {@code catalog}, {@code train}, {@code infer}, ...)
 * and its own target packages. Never {@code server} or {@code cli} (ArchitectureTest).
 */
package org.llmplan.emit;
