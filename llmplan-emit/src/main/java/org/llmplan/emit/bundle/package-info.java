/**
 * Assembling a bundle: the registry of targets (the plug-ins' own and the shared ones, in generation order),
 * the choice of targets for a plan, the bundle in memory with its plan file, and the README that describes the
 * other files. The top of the emit module; the faces (CLI) call {@link org.llmplan.emit.bundle.LaunchBundle}.
 *
 * <p>May depend on: every emit package and the engine below it. Nothing in emit depends on it.
 */
package org.llmplan.emit.bundle;
