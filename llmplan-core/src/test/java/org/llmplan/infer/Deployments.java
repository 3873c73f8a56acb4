package org.llmplan.infer;

import org.llmplan.request.InferenceRequest;
import org.llmplan.catalog.Catalog;
import org.llmplan.request.EngineOptions;
import org.llmplan.request.NumberFormats;
import org.llmplan.request.ReplicaLayout;

/** Deployments for tests, built the way the command line builds them. */
final class Deployments {
  static final Catalog CATALOG = Catalog.embedded();

  private Deployments() {}

  /** Model, GPU, TP, weight format and KV format on the named engine, everything else the engine's default. */
  static InferenceDeployment of(String model, String gpu, int tp, String weights, String kv, String engine) {
    return InferenceRequest.of(model, gpu)
        .with(ReplicaLayout.builder().tp(tp).build())
        .with(NumberFormats.builder().precision(weights).kvPrecision(kv).build())
        .with(EngineOptions.builder().engine(engine).build()).toDeployment(CATALOG);
  }
}
