package org.llmplan.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.JsonProblems;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.PlanInputException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.estimate.Quantities;
import org.llmplan.infer.InferenceDeployment;
import org.llmplan.infer.InferenceEstimate;
import org.llmplan.request.InferenceRequest;
import org.llmplan.model.ModelSpec;
import org.llmplan.infer.WeightFormat;
import org.llmplan.model.WeightFootprint;
import org.llmplan.search.SearchControl;
import org.llmplan.search.SearchResult;
import org.llmplan.search.SearchSpec;
import org.llmplan.search.TrainingSearch;
import org.llmplan.search.TrainingSearchRequest;
import org.llmplan.serve.ServePlanner;
import org.llmplan.serve.ServeRequest;
import org.llmplan.serve.ServeSearch;
import org.llmplan.serve.ServeSearchRequest;
import org.llmplan.train.MemoryEstimate;
import org.llmplan.train.TrainingJob;
import org.llmplan.train.TrainingMemoryEstimator;
import org.llmplan.request.TrainingRequest;
import org.llmplan.view.CatalogView;
import org.llmplan.view.InferenceMemoryView;
import org.llmplan.view.JsonText;
import org.llmplan.view.SearchView;
import org.llmplan.view.ServeSearchView;
import org.llmplan.view.ServeView;
import org.llmplan.view.TrainingMemoryView;
import org.llmplan.view.WeightsView;

/**
 * The JSON API: the same engine and the same JSON as the command line's --json. A user mistake is HTTP 400
 * with an RFC 9457 problem body ({@code type}, {@code title}, {@code status}, {@code detail}).
 *
 * <pre>
 * GET  /api/health
 * GET  /api/catalog/{kind}            kind: gpus, models, nodes, clusters, fabrics, frameworks, storage, engines
 * GET  /api/catalog/{kind}/{name}
 * GET  /api/memory/weights?model=M|params=N[&amp;precision=bf16][&amp;gpu=h100-sxm]
 * POST /api/memory/train              body: a TrainingRequest (the memory train options, camelCase)
 * POST /api/memory/infer              body: an InferenceRequest (the memory infer options, camelCase)
 * POST /api/serve                     body: a ServeRequest (docs/api.md); at most 20,000 simulated requests
 * POST /api/search/serve              body: a ServeSearchRequest; at most 64 candidates
 * POST /api/search/train              body: a TrainingSearchRequest (the search train options, camelCase)
 * </pre>
 *
 * <p>A search stops after {@link #SEARCH_SECONDS} and answers with the best plans found by then (its
 * {@code search.complete} is false), so that no request holds the server for minutes.
 */
public final class ApiServer {
  /** The longest a search request runs before it answers with what it has. */
  public static final double SEARCH_SECONDS = 20;

  private static final ObjectMapper REQUESTS = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
      .build();

  /** Bounds on one call's work, so that a request cannot run for minutes. */
  static final int MAX_SIMULATED_REQUESTS = 20_000;
  static final int MAX_SEARCH_CANDIDATES = 64;

  private final Catalog catalog;
  private final Javalin app;

  private ApiServer(Catalog catalog) {
    this.catalog = catalog;
    this.app = Javalin.create(config -> config.showJavalinBanner = false);
    app.get("/api/health", ctx -> json(ctx, Map.of("status", "ok")));
    app.get("/api/catalog/{kind}", ctx -> json(ctx, entries(ctx.pathParam("kind"))));
    app.get("/api/catalog/{kind}/{name}", this::catalogEntry);
    app.get("/api/memory/weights", this::weights);
    app.post("/api/memory/train", this::memoryTrain);
    app.post("/api/memory/infer", this::memoryInfer);
    app.post("/api/serve", this::serve);
    app.post("/api/search/serve", this::searchServe);
    app.post("/api/search/train", this::searchTrain);
    app.exception(PlanInputException.class, (e, ctx) -> problem(ctx, 400, e.kind(), e.getMessage()));
    app.exception(JsonProcessingException.class, (e, ctx) ->
        problem(ctx, 400, "malformed-input", "request body: " + JsonProblems.describe(e)));
    app.exception(Exception.class, (e, ctx) -> problem(ctx, 500, "internal-error", "internal error: " + e));
    app.error(404, ctx -> {
      if (!"application/problem+json".equals(ctx.res().getContentType())) {
        problem(ctx, 404, "not-found", "no such endpoint: " + ctx.method() + " " + ctx.path());
      }
    });
  }

  /** Starts serving on {@code host:port} (port 0 picks a free one). */
  public static ApiServer start(Catalog catalog, String host, int port) {
    ApiServer server = new ApiServer(catalog);
    server.app.start(host, port);
    return server;
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }

  private List<?> entries(String kind) {
    return switch (kind) {
      case "gpus" -> catalog.gpus();
      case "models" -> catalog.models();
      case "nodes" -> catalog.nodes();
      case "clusters" -> catalog.clusters();
      case "fabrics" -> catalog.fabrics();
      case "frameworks" -> catalog.frameworks();
      case "storage" -> catalog.storage();
      case "engines" -> catalog.engines();
      default -> throw new InvalidValueException("unknown catalog kind '" + kind
          + "': use gpus, models, nodes, clusters, fabrics, frameworks, storage or engines");
    };
  }

  private void catalogEntry(Context ctx) {
    String kind = ctx.pathParam("kind");
    String name = ctx.pathParam("name");
    Object entry = switch (kind) {
      case "gpus" -> catalog.gpu(name);
      case "models" -> catalog.model(name);
      case "nodes" -> catalog.node(name);
      case "clusters" -> catalog.cluster(name);
      case "fabrics" -> catalog.fabric(name);
      case "frameworks" -> catalog.framework(name);
      case "storage" -> catalog.storage(name);
      case "engines" -> catalog.engine(name);
      default -> throw new UnknownNameException("catalog kind", kind, List.of("gpus", "models", "nodes",
          "clusters", "fabrics", "frameworks", "storage", "engines"));
    };
    json(ctx, CatalogView.of(entry));
  }

  private void weights(Context ctx) {
    String model = ctx.queryParam("model");
    String params = ctx.queryParam("params");
    if ((model == null) == (params == null)) {
      throw new InvalidValueException("give either model or params");
    }
    String name;
    double count;
    if (model != null) {
      ModelSpec m = catalogModel(model);
      name = m.name();
      count = m.parameters().total();
    } else {
      count = Quantities.parseCount("params", params);
      name = params + " parameters";
    }
    WeightFormat format = WeightFormat.parse(orDefault(ctx.queryParam("precision"), "bf16"));
    WeightFootprint w = format.footprint(count, catalog.gpu(orDefault(ctx.queryParam("gpu"), "h100-sxm")));
    json(ctx, WeightsView.of(name, w));
  }

  /** The API reads catalog models only: a server must not open files named by a client. */
  private ModelSpec catalogModel(String name) {
    boolean looksLikePath = name.endsWith(".json") || name.contains("/") || name.contains("\\");
    if (looksLikePath && !catalog.hasModel(name)) {
      throw new InvalidValueException("the API takes catalog model names, not file paths: '" + name + "'");
    }
    return catalog.model(name);
  }

  /** The request body as {@code type}, refusing an empty body and a model named by a file path. */
  private <T> T body(Context ctx, Class<T> type, Function<T, String> model) throws JsonProcessingException {
    T request = REQUESTS.readValue(ctx.body(), type);
    if (request == null) {
      throw new InvalidValueException("the request body must be a JSON object");
    }
    if (model.apply(request) != null) {
      catalogModel(model.apply(request));
    }
    return request;
  }

  private void memoryTrain(Context ctx) throws JsonProcessingException {
    TrainingRequest request = body(ctx, TrainingRequest.class, TrainingRequest::model);
    TrainingJob job = request.toJob(catalog);
    MemoryEstimate estimate = new TrainingMemoryEstimator().estimate(job);
    json(ctx, TrainingMemoryView.of(job, estimate));
  }

  private void memoryInfer(Context ctx) throws JsonProcessingException {
    InferenceRequest request = body(ctx, InferenceRequest.class, InferenceRequest::model);
    InferenceDeployment deployment = request.toDeployment(catalog);
    json(ctx, InferenceMemoryView.of(InferenceEstimate.of(deployment, request.lengths())));
  }

  private void serve(Context ctx) throws JsonProcessingException {
    ServeRequest request = checked(REQUESTS.readValue(ctx.body(), ServeRequest.class));
    json(ctx, ServeView.of(new ServePlanner(catalog, MAX_SIMULATED_REQUESTS).plan(request)));
  }

  private void searchServe(Context ctx) throws JsonProcessingException {
    ServeSearchRequest request = REQUESTS.readValue(ctx.body(), ServeSearchRequest.class);
    if (request == null) {
      throw new InvalidValueException("the request body must be a JSON object");
    }
    checked(request.base());
    int candidates = request.base().deployment().gpu().split(",", -1).length
        * (request.base().deployment().formats().precision() == null ? 2
            : request.base().deployment().formats().precision().split(",", -1).length)
        * (request.maxNumSeqs() == null ? 4 : Math.max(1, request.maxNumSeqs().size()))
        * (32 - Integer.numberOfLeadingZeros(request.maxTp() == null ? 8 : Math.max(1, request.maxTp())))
        * (Boolean.TRUE.equals(request.disaggregated()) ? 2 : 1);
    if (candidates > MAX_SEARCH_CANDIDATES) {
      throw new InvalidValueException("the search would try " + candidates + " deployments, more than the "
          + MAX_SEARCH_CANDIDATES + " one API call may: list fewer accelerators, precisions or max-num-seqs values");
    }
    json(ctx, ServeSearchView.of(new ServeSearch(catalog, MAX_SIMULATED_REQUESTS).search(request)));
  }

  /** A serving request the API can answer quickly: a catalog model, no server-side trace file. */
  private ServeRequest checked(ServeRequest request) {
    if (request == null || request.deployment() == null) {
      throw new InvalidValueException("the request body must be a JSON object with a deployment (model, gpu, ...)");
    }
    if (request.trace() != null) {
      throw new InvalidValueException("the API does not read trace files; give input, output and rate");
    }
    if (request.deployment().model() != null) {
      catalogModel(request.deployment().model());
    }
    if (request.deployment().gpu() == null) {
      throw new InvalidValueException("say which accelerator: deployment.gpu, e.g. h100");
    }
    return request;
  }

  private void searchTrain(Context ctx) throws JsonProcessingException {
    TrainingSearchRequest request = body(ctx, TrainingSearchRequest.class, TrainingSearchRequest::model);
    SearchSpec spec = request.resolve(catalog).withTimeLimit(SEARCH_SECONDS);
    SearchResult result = new TrainingSearch().run(spec, new SearchControl(spec.timeLimitSeconds(), (d, t) -> { }));
    json(ctx, SearchView.of(result));
  }

  private static void json(Context ctx, Object body) {
    ctx.contentType("application/json").result(JsonText.write(body));
  }

  /** An RFC 9457 problem body. */
  private record Problem(String type, String title, int status, String detail) {}

  private static void problem(Context ctx, int status, String kind, String detail) {
    Problem body = new Problem("urn:llmplan:problem:" + kind, kind.replace('-', ' '), status, detail);
    ctx.status(status).contentType("application/problem+json").result(JsonText.write(body));
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value;
  }
}
