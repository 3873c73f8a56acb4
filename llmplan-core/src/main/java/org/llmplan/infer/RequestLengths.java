package org.llmplan.infer;

import org.llmplan.error.InvalidValueException;

/** Tokens of one request: the prompt (input) and the generated output. */
public record RequestLengths(int input, int output) {

  public RequestLengths {
    InvalidValueException.requireInRange("input tokens", input, 1, 100_000_000);
    InvalidValueException.requireInRange("output tokens", output, 1, 100_000_000);
  }

  /** Input plus output: what one sequence holds in the KV cache at its end. */
  public long total() {
    return (long) input + output;
  }

  /** Fails with what to change when the engine cannot run requests of these lengths at all. */
  public void checkAgainst(InferenceDeployment d) {
    if (total() > d.maxModelLen()) {
      throw new InvalidValueException("input " + input + " + output " + output + " tokens exceed the max model "
          + "length " + d.maxModelLen() + "; shorten them or raise --max-model-len");
    }
    if (d.maxBatchedTokens() > 0 && !d.chunkedPrefill() && input > d.maxBatchedTokens()) {
      throw new InvalidValueException("the " + input + "-token prompt exceeds max-batched-tokens "
          + d.maxBatchedTokens() + " and " + d.engine().name() + " runs prompts whole here; raise "
          + "--max-batched-tokens to " + input + " or turn on --chunked-prefill");
    }
  }
}
