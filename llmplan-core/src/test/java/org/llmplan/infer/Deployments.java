package org.llmplan.infer;

import org.llmplan.request.InferenceRequest;
import org.llmplan.catalog.Catalog;

/** Deployments for tests, built the way the command line builds them. */
final class Deployments {
  static final Catalog CATALOG = Catalog.embedded();

  private Deployments() {}

  /** Model, GPU, TP, weight format and KV format on the named engine, everything else the engine's default. */
  static InferenceDeployment of(String model, String gpu, int tp, String weights, String kv, String engine) {
    return new InferenceRequest(model, gpu, tp, null, null, weights, kv, null, engine, null, null, null, null, null,
        null, null, null).toDeployment(CATALOG);
  }
}
