/**
 * Everything llmplan knows by name: the YAML catalogs embedded in the jar and those of a user's folders (later
 * entries replace earlier ones), looked up by name or alias, with the closest names offered on a miss; and a
 * Hugging Face config.json read as a model (its family readers are in {@link org.llmplan.catalog.hf}). The
 * catalog turns names into values; it computes nothing.
 *
 * <p>Dependencies: {@code error}, {@code hardware}, {@code model}, {@code parallel}, {@code profile} and {@code
 * catalog.hf}. Nothing above it: no estimator, request, plan or face (ArchitectureTest).
 */
package org.llmplan.catalog;
