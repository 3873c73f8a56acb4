/**
 * What a collective costs: alpha-beta times of NCCL's ring collectives (all-reduce, all-gather, reduce-scatter,
 * all-to-all, point-to-point), over one level or two when a group spans nodes, with the placement of a parallel
 * group's ranks deciding which link each level runs on.
 *
 * <p>Dependencies: {@code error} and {@code hardware}. Like every estimator, never {@code catalog} or {@code
 * request} (ArchitectureTest).
 */
package org.llmplan.comm;
