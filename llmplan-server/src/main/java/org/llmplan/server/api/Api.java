package org.llmplan.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.server.http.ClientConnection;
import org.llmplan.server.http.StrictJson;
import org.llmplan.server.http.Text;
import org.llmplan.server.http.WorkLimits;
import org.llmplan.view.JsonText;

/**
 * What every endpoint shares: the catalog, the worker threads that compute answers, strict request bodies
 * that may name catalog models only, and the list of routes (which the OpenAPI document is checked against).
 */
public final class Api {
  /** The longest a search request runs before it answers with what it has. */
  public static final double SEARCH_SECONDS = 20;

  /** One route of the API: its method and Javalin path template. */
  public record Route(String method, String path) {}

  private final Catalog catalog;
  private final WorkLimits work;
  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();

  public Api(Catalog catalog, WorkLimits work, Javalin app) {
    this.catalog = catalog;
    this.work = work;
    this.app = app;
  }

  /** Every endpoint of the server. */
  public static Api install(Catalog catalog, WorkLimits work, Javalin app) {
    Api api = new Api(catalog, work, app);
    WebPage.install(api);
    CatalogEndpoints.install(api);
    PlanEndpoints.install(api);
    ServingEndpoints.install(api);
    SearchEndpoints.install(api);
    BundleEndpoints.install(api);
    ValidateEndpoints.install(api);
    return api;
  }

  public List<Route> routes() {
    return List.copyOf(routes);
  }

  Catalog catalog() {
    return catalog;
  }

  public void get(String path, Handler handler) {
    add(HandlerType.GET, path, handler);
  }

  public void post(String path, Handler handler) {
    add(HandlerType.POST, path, handler);
  }

  private void add(HandlerType method, String path, Handler handler) {
    routes.add(new Route(method.name(), path));
    app.addHttpHandler(method, path, handler);
  }

  /**
   * Computes {@code answer} on a worker within the work deadline and writes it as JSON; the work stops when the
   * client closes its connection.
   */
  void json(Context ctx, Callable<Object> answer) throws Exception {
    json(ctx, work.seconds(), answer);
  }

  /** The same with a deadline of its own, for a search that stops itself at its time limit. */
  void json(Context ctx, double seconds, Callable<Object> answer) throws Exception {
    Object value = compute(ctx, seconds, answer);
    ctx.contentType("application/json").result(JsonText.write(value));
  }

  /** Computes {@code answer} on a worker within the work deadline, stopped when the client goes. */
  <T> T compute(Context ctx, Callable<T> answer) throws Exception {
    return compute(ctx, work.seconds(), answer);
  }

  private <T> T compute(Context ctx, double seconds, Callable<T> answer) throws Exception {
    return work.run(answer, seconds, ClientConnection.of(ctx)::gone);
  }

  /**
   * The request body: strict JSON whose every {@code model} field names a catalog model (a pasted config.json,
   * {@code modelConfig}, is read by {@link InlineModel} where an endpoint takes one).
   */
  ObjectNode body(Context ctx) {
    ObjectNode body = StrictJson.object(ctx);
    requireCatalogModels(body);
    return body;
  }

  /** A query or path value: a bounded name without control characters. */
  static String name(String field, String value) {
    if (value == null) {
      return null;
    }
    if (value.length() > Text.MAX_NAME_LENGTH || Text.badCharacter(value) >= 0) {
      throw new InvalidValueException(field + ": a name of at most " + Text.MAX_NAME_LENGTH
          + " printable characters");
    }
    return value;
  }

  /**
   * Refuses any {@code model} that is not a catalog name. The catalog would read a config.json path or a
   * folder ("." and ".." included); a server must not open files that a client names.
   */
  void requireCatalogModels(JsonNode node) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (e.getKey().equals(InlineModel.FIELD)) {
          continue;
        }
        if (e.getKey().equals("model") && e.getValue().isTextual()) {
          requireCatalogModel(e.getValue().textValue());
        }
        requireCatalogModels(e.getValue());
      }
    } else if (node.isArray()) {
      node.forEach(this::requireCatalogModels);
    }
  }

  void requireCatalogModel(String name) {
    boolean path = name.contains("/") || name.contains("\\") || name.endsWith(".json") || name.startsWith("~")
        || name.isBlank() || name.chars().allMatch(c -> c == '.');
    if (path && !catalog.hasModel(name)) {
      // Not echoed: the answer must not tell which server paths exist or what they hold.
      throw new InvalidValueException("model: the API takes catalog model names (GET /api/catalog/models), "
          + "not file paths");
    }
    if (!catalog.hasModel(name)) {
      List<String> close = catalog.closeMatchesAnywhere(name).stream().filter(catalog::hasModel).toList();
      throw new UnknownNameException("model", name, close);
    }
  }
}
