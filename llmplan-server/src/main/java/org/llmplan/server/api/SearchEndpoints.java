package org.llmplan.server.api;

import org.llmplan.search.SearchControl;
import org.llmplan.search.SearchSpec;
import org.llmplan.search.TrainingSearch;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.server.http.StrictJson;
import org.llmplan.view.SearchView;

/**
 * {@code search train}: the search stops itself after {@link Api#SEARCH_SECONDS} (or the request's shorter time
 * limit) and answers with the best plans found by then, its {@code search.complete} false.
 */
final class SearchEndpoints {
  private SearchEndpoints() {}

  static void install(Api api) {
    api.post("/api/search/train", ctx -> {
      TrainingSearchRequest r = StrictJson.read(api.body(ctx), TrainingSearchRequest.class);
      SearchSpec spec = r.resolve(api.catalog()).withTimeLimit(Api.SEARCH_SECONDS);
      SearchControl control = new SearchControl(spec.timeLimitSeconds(), (done, total) -> { });
      try {
        api.json(ctx, Api.SEARCH_SECONDS + 5, () -> SearchView.of(new TrainingSearch().run(spec, control)));
      } finally {
        control.cancel("the request ended");
      }
    });
  }
}
