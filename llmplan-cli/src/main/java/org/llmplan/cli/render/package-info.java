/**
 * The tables and verdicts the command line prints: each estimate or answer rendered for a terminal, with engine
 * SI values converted to what people read (GiB, TFLOP/s, days).
 *
 * <p>Dependencies: The engine's estimates and answers (llmplan-core) and the JSON views where a table shows the
 * same figures. Not the commands of {@code cli}, nor {@code server} or {@code emit}.
 */
package org.llmplan.cli.render;
