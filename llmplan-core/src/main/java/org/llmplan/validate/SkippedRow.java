package org.llmplan.validate;

/** A row left out of the comparison, and why (one line). */
public record SkippedRow(String id, String reason) implements MappedRow, MappedInferenceRow {}
