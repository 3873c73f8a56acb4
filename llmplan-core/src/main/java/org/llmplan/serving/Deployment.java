package org.llmplan.serving;

import org.llmplan.error.InvalidValueException;

/** What serves the traffic: one replica doing everything, or separate prefill and decode pools. */
public sealed interface Deployment {
  /** GPUs the whole deployment occupies. */
  int gpus();

  String describe();

  /** One replica that reads prompts and generates answers on the same GPUs. */
  record Aggregated(ServingInstance replica) implements Deployment {
    @Override
    public int gpus() {
      return replica.gpus();
    }

    @Override
    public String describe() {
      return "aggregated, " + replica.gpus() + " GPUs";
    }
  }

  /**
   * Disaggregated prefill and decode ("xPyD", DistServe, Splitwise, NVIDIA Dynamo): prompts are read on one
   * of {@code prefillInstances}, the KV cache moves over the link, and one of {@code decodeInstances}
   * generates the answer. Each arriving request goes to the prefill instance with the fewest requests queued
   * or running; each transferred one to the decode instance with the fewest when its KV arrives, which is when
   * its first token (sampled by the prefill instance) reaches the user. The prefill instance frees the
   * prompt's blocks as soon as it has read it.
   */
  record Disaggregated(ServingInstance prefill, int prefillInstances, ServingInstance decode,
      int decodeInstances, KvTransfer transfer) implements Deployment {
    public Disaggregated {
      InvalidValueException.requireInRange("prefill instances", prefillInstances, 1, 1024);
      InvalidValueException.requireInRange("decode instances", decodeInstances, 1, 1024);
      if (!(prefill.policy() instanceof SchedulerPolicy.ContinuousBatching)
          || !(decode.policy() instanceof SchedulerPolicy.ContinuousBatching)) {
        throw new InvalidValueException("disaggregated prefill and decode pools need continuous batching; "
            + "static batching is offered for aggregated replicas only");
      }
    }

    @Override
    public int gpus() {
      return prefillInstances * prefill.gpus() + decodeInstances * decode.gpus();
    }

    @Override
    public String describe() {
      return "disaggregated, " + prefillInstances + " prefill x " + prefill.gpus() + " GPUs + "
          + decodeInstances + " decode x " + decode.gpus() + " GPUs";
    }
  }
}
