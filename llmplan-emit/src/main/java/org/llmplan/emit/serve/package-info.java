/**
 * The launch files of a serving plan: the engine's command line for one replica, its launch scripts, and the
 * Kubernetes manifests (a Deployment, or a LeaderWorkerSet for a replica that spans nodes).
 *
 * <p>Dependencies: The engine (llmplan-core) and the bundle types of {@code emit}. Never {@code server} or
 * {@code cli} (ArchitectureTest).
 */
package org.llmplan.emit.serve;
