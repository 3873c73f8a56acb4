/**
 * The serving target every engine shares: Kubernetes manifests of the replicas (Deployment or LeaderWorkerSet,
 * Service, HorizontalPodAutoscaler, the engine's options as a ConfigMap). The server command, image, options and
 * queue metric come from the engine's plug-in.
 *
 * <p>May depend on: {@code org.llmplan.emit}, {@code org.llmplan.emit.monitor} (serving thresholds) and the
 * engine below it.
 */
package org.llmplan.emit.serve;
