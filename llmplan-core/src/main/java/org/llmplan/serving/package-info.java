/**
 * Serving under traffic: a discrete-event simulation of requests that arrive, wait, are batched iteration by
 * iteration (continuous or static batching) on one replica or on separate prefill and decode pools, and leave;
 * the latencies and throughputs it measures; the highest rate a deployment sustains under latency targets; and
 * what a target rate needs and costs. Workloads are generated from distributions or replayed from a trace file.
 *
 * <p>Dependencies: {@code error}, {@code estimate}, {@code profile} and {@code infer} (an iteration's cost and
 * the KV capacity come from the inference model). Never {@code catalog} or {@code request} (ArchitectureTest).
 */
package org.llmplan.serving;
