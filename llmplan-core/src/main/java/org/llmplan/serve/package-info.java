/**
 * Serving questions answered end to end: a deployment's memory verdict, a simulation of its traffic, the rate
 * one replica sustains under latency targets and what the traffic costs; and the search for the cheapest
 * deployment (accelerator, tensor parallelism, weight precision, max-num-seqs) that serves a rate.
 *
 * <p>Dependencies: {@code request}, {@code plan}, {@code catalog}, the estimators ({@code infer}, {@code
 * serving}) and the value packages. Never a face (ArchitectureTest).
 */
package org.llmplan.serve;
