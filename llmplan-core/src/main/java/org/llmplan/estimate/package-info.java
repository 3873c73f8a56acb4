/**
 * The shape every estimate shares and the quantities people type: a {@link org.llmplan.estimate.Part} is one
 * named value with the formula and inputs behind it and the parts it is the sum of, so that every number can
 * explain itself; counts, sizes and durations are read as a person writes them (175B, 90min) and shown the same
 * way.
 *
 * <p>Dependencies: {@code error} only; the estimators and the faces above depend on it.
 */
package org.llmplan.estimate;
