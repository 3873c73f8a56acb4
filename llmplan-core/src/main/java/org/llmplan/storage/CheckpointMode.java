package org.llmplan.storage;

import org.llmplan.error.Choices;

/**
 * How training pauses for a checkpoint. Blocking: the step loop waits until the state is on storage.
 * Asynchronous (Megatron --async-save, PyTorch DCP async_save): it waits only for the copy of the GPU state
 * to host memory; a background thread then writes it, and the checkpoint counts only once that write ends.
 */
public enum CheckpointMode {
  ASYNC("async"),
  BLOCKING("blocking");

  private final String label;

  CheckpointMode(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static CheckpointMode parse(String text) {
    return Choices.parse("checkpoint mode", text, values(), CheckpointMode::label);
  }
}
