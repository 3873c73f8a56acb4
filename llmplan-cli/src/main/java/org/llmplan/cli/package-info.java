/**
 * The command line: picocli commands and their options, which fill in the engine's requests, ask the engine,
 * and print a table or the JSON views; user mistakes become exit code 2 with one line. Long searches show
 * progress and stop on Ctrl-C with the best found so far.
 *
 * <p>Dependencies: Everything: the engine (llmplan-core), {@code emit} for {@code llmplan emit}, the JSON
 * views, {@code cli.render}, and {@code server} only for the {@code server} command. Nothing depends on it
 * (ArchitectureTest).
 */
package org.llmplan.cli;
