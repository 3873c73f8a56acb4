package org.llmplan.validate;

/** What a published serving row becomes: a case the planner can estimate, or a skip with the reason. */
public sealed interface MappedInferenceRow permits InferenceCase, SkippedRow {
  String id();
}
