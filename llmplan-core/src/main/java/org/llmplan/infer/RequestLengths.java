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

  /**
   * Positions a request occupies: the last output token is sampled and returned, never attended to, so a
   * prompt of the model's full length still gets its one output token.
   */
  public long positions() {
    return total() - 1;
  }

  /**
   * Fails with what to change when the engine cannot run requests of these lengths at all: past the model's
   * positions only a shorter request helps; past the engine's max model length, raising it does.
   */
  public void checkAgainst(InferenceDeployment d) {
    int modelPositions = d.model().maxPosition();
    if (modelPositions > 0 && positions() > modelPositions) {
      throw new InvalidValueException("input " + input + " + output " + output + " tokens need " + positions()
          + " positions, more than the " + modelPositions + " of " + d.model().name() + "; shorten the request");
    }
    if (positions() > d.maxModelLen()) {
      throw new InvalidValueException("input " + input + " + output " + output + " tokens need " + positions()
          + " positions, more than the max model length " + d.maxModelLen() + "; shorten them or raise "
          + "--max-model-len to " + positions());
    }
    if (d.maxBatchedTokens() > 0 && !d.chunkedPrefill() && input > d.maxBatchedTokens()) {
      throw new InvalidValueException("the " + input + "-token prompt exceeds max-batched-tokens "
          + d.maxBatchedTokens() + " and " + d.engine().name() + " runs prompts whole here; raise "
          + "--max-batched-tokens to " + input + " or turn on --chunked-prefill");
    }
  }
}
