package org.llmplan.server.api;

import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.serve.ServePlanner;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeSearch;
import org.llmplan.serve.ServeSearchRequest;
import org.llmplan.server.http.StrictJson;
import org.llmplan.view.ServeSearchView;
import org.llmplan.view.ServeView;

/**
 * {@code serve} and {@code search serve}: a simulation of the traffic, bounded in simulated requests and in
 * deployments tried, and interrupted at the work deadline (the simulator stops when its thread is).
 */
final class ServingEndpoints {
  /** Bounds on one call's work, so that a request cannot run for minutes. */
  static final int MAX_SIMULATED_REQUESTS = 20_000;
  static final int MAX_SEARCH_CANDIDATES = 64;

  private ServingEndpoints() {}

  static void install(Api api) {
    Catalog catalog = api.catalog();
    api.post("/api/serve", ctx -> {
      ServeRequest r = checked(StrictJson.read(api.body(ctx), ServeRequest.class));
      api.json(ctx, () -> ServeView.of(new ServePlanner(catalog, MAX_SIMULATED_REQUESTS).plan(r)));
    });
    api.post("/api/search/serve", ctx -> {
      ServeSearchRequest r = StrictJson.read(api.body(ctx), ServeSearchRequest.class);
      checked(r.base());
      requireSmallSearch(r);
      api.json(ctx, () -> ServeSearchView.of(new ServeSearch(catalog, MAX_SIMULATED_REQUESTS).search(r),
          catalog));
    });
  }

  /** A serving request the API can answer: a deployment on a named accelerator, no server-side trace file. */
  private static ServeRequest checked(ServeRequest request) {
    if (request == null || request.deployment() == null) {
      throw new InvalidValueException("the request body must be a JSON object with a deployment (model, gpu, ...)");
    }
    if (request.trace() != null) {
      throw new InvalidValueException("the API does not read trace files; give input, output and rate");
    }
    if (request.deployment().gpu() == null) {
      throw new InvalidValueException("say which accelerator: deployment.gpu, e.g. h100");
    }
    return request;
  }

  private static void requireSmallSearch(ServeSearchRequest request) {
    String precision = request.base().deployment().formats().precision();
    int candidates = request.base().deployment().gpu().split(",", -1).length
        * (precision == null ? 2 : precision.split(",", -1).length)
        * (request.maxNumSeqs() == null ? 4 : Math.max(1, request.maxNumSeqs().size()))
        * (32 - Integer.numberOfLeadingZeros(request.maxTp() == null ? 8 : Math.max(1, request.maxTp())))
        * (Boolean.TRUE.equals(request.disaggregated()) ? 2 : 1);
    if (candidates > MAX_SEARCH_CANDIDATES) {
      throw new InvalidValueException("the search would try " + candidates + " deployments, more than the "
          + MAX_SEARCH_CANDIDATES + " one API call may: list fewer accelerators, precisions or max-num-seqs values");
    }
  }
}
