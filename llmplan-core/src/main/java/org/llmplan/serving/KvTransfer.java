package org.llmplan.serving;

import org.llmplan.error.InvalidValueException;

/**
 * Moving a prompt's KV cache from a prefill instance to a decode instance: {@code inputTokens x
 * bytesPerToken / linkBytesPerSecond} (DistServe, Splitwise). Transfers do not contend for the link.
 *
 * @param bytesPerToken KV-cache bytes of one token, all layers, as the decode instance stores it
 * @param linkBytesPerSecond bandwidth between the two instances (NVLink, InfiniBand, RoCE)
 */
public record KvTransfer(double bytesPerToken, double linkBytesPerSecond) {
  public KvTransfer {
    InvalidValueException.requireInRange("KV bytes per token", bytesPerToken, 0, 1e9);
    InvalidValueException.requireInRange("the KV transfer bandwidth (bytes/s)", linkBytesPerSecond, 1e3, 1e15);
  }

  public double seconds(int tokens) {
    return tokens * bytesPerToken / linkBytesPerSecond;
  }
}
