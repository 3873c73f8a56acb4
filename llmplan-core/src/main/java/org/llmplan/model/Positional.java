package org.llmplan.model;

/** How positions enter the model: rotary (no parameters), a learned table, or ALiBi biases (no parameters). */
public enum Positional {
  ROPE,
  LEARNED,
  ALIBI
}
