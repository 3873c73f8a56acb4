/**
 * The HTTP face: the JSON API over the same engine and the same JSON as the command line's --json, with user
 * mistakes answered as HTTP 400 problem bodies and long searches cut off at a time limit.
 *
 * <p>Dependencies: The engine (llmplan-core) and the JSON views. Never {@code cli} (ArchitectureTest).
 */
package org.llmplan.server;
