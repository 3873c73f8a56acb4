/**
 * What the machines are: an accelerator as its datasheet states it (peaks per number format, memory, scale-up
 * link, the measured efficiency ceilings), a node, a cluster of nodes on a scale-out fabric, storage systems
 * and prices. These are plain values read from the catalog; the units a datasheet uses are converted to SI
 * here, once, for the engine.
 *
 * <p>Dependencies: {@code error}. It must not depend on the catalog or on any estimator (ArchitectureTest).
 */
package org.llmplan.hardware;
