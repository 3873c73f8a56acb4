/**
 * What a training framework or a serving engine does beyond the model's own work: the memory it keeps
 * (allocator overhead, buffers, CUDA graphs, the KV-cache budget), how it batches, what it saves for the
 * backward pass, and the number formats of its training state. Profiles are data read from frameworks.yaml and
 * engines.yaml, each number with its source; they sit below the catalog so that the catalog can hold them and
 * the estimators can take them without knowing where they came from.
 *
 * <p>Dependencies: {@code error}, {@code hardware} and {@code parallel}. Never the catalog, the requests or an
 * estimator (ArchitectureTest).
 */
package org.llmplan.profile;
