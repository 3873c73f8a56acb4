/**
 * Is the network good enough: the bytes a training step puts on each link class (scale-up and scale-out) for
 * each parallel dimension, how long the links are busy and how much of it the step waits for, what-ifs on
 * another fabric, NIC count or oversubscription, and the NIC speed below which communication dominates. The
 * messages and collectives are those the step-time estimator charges.
 *
 * <p>Dependencies: {@code catalog} (a what-if names another fabric), {@code train}, {@code comm} and the value
 * packages. Never a face (ArchitectureTest).
 */
package org.llmplan.network;
