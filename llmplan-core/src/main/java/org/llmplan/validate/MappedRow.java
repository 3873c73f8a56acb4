package org.llmplan.validate;

/** What a published row becomes: a case the planner can estimate, or a skip with the reason. */
public sealed interface MappedRow permits ValidationCase, SkippedRow {
  String id();
}
