package org.llmplan.server.api;

import io.javalin.http.Context;
import java.util.List;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.InvalidValueException;
import org.llmplan.error.UnknownNameException;
import org.llmplan.view.CatalogView;

/** {@code GET /api/catalog/{kind}} and {@code /api/catalog/{kind}/{name}}: as {@code catalog list|show --json}. */
final class CatalogEndpoints {
  static final List<String> KINDS = List.of("gpus", "models", "nodes", "clusters", "fabrics", "frameworks",
      "storage", "engines");

  private final Catalog catalog;

  private CatalogEndpoints(Catalog catalog) {
    this.catalog = catalog;
  }

  static void install(Api api) {
    CatalogEndpoints c = new CatalogEndpoints(api.catalog());
    api.get("/api/catalog/{kind}", ctx -> api.json(ctx, () -> c.entries(kind(ctx))));
    api.get("/api/catalog/{kind}/{name}", ctx -> {
      String kind = kind(ctx);
      String name = Api.name("name", ctx.pathParam("name"));
      if (kind.equals("models")) {
        api.requireCatalogModel(name);
      }
      api.json(ctx, () -> CatalogView.of(c.entry(kind, name)));
    });
  }

  private static String kind(Context ctx) {
    String kind = ctx.pathParam("kind");
    if (!KINDS.contains(kind)) {
      throw new UnknownNameException("catalog kind", Api.name("kind", kind), KINDS);
    }
    return kind;
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
      default -> throw new InvalidValueException("unknown catalog kind '" + kind + "': use " + KINDS);
    };
  }

  private Object entry(String kind, String name) {
    return switch (kind) {
      case "gpus" -> catalog.gpu(name);
      case "models" -> catalog.model(name);
      case "nodes" -> catalog.node(name);
      case "clusters" -> catalog.cluster(name);
      case "fabrics" -> catalog.fabric(name);
      case "frameworks" -> catalog.framework(name);
      case "storage" -> catalog.storage(name);
      case "engines" -> catalog.engine(name);
      default -> throw new InvalidValueException("unknown catalog kind '" + kind + "': use " + KINDS);
    };
  }
}
