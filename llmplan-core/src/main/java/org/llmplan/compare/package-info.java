/**
 * Two saved plans side by side: what each needs in memory, how fast it runs and what an hour of it costs, and
 * which of its launch files differ. The files come from the caller (the command line or the API generates
 * them with the emitters), so this package stays in the engine and both faces can show the same comparison.
 *
 * <p>Dependencies: {@code plan}, {@code request}, {@code catalog}, {@code train}, {@code infer},
 * {@code hardware} and {@code error}; only the faces use it.
 */
package org.llmplan.compare;
