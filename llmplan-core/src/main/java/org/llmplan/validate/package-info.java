/**
 * How far the planner is from published measurements: rows of the validation CSVs, stated as the planner
 * questions they answer (every default or substitution written down) or skipped with a reason, estimated,
 * compared in the source's own FLOP convention, and summarised as the error bands estimates carry.
 *
 * <p>Dependencies: {@code request}, {@code catalog}, the estimators ({@code train}, {@code infer}) and the
 * value packages. Never a face (ArchitectureTest).
 */
package org.llmplan.validate;
