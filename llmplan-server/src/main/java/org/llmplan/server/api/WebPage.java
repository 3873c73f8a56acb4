package org.llmplan.server.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web page and the OpenAPI document, read once from the jar: a fixed set of files, so that no request
 * names a path the server opens.
 */
final class WebPage {
  /** Route, classpath resource and media type of each file. */
  private static final Map<String, String[]> FILES = Map.of(
      "/", new String[] {"/web/index.html", "text/html; charset=utf-8"},
      "/web/app.js", new String[] {"/web/app.js", "text/javascript; charset=utf-8"},
      "/web/charts.js", new String[] {"/web/charts.js", "text/javascript; charset=utf-8"},
      "/web/style.css", new String[] {"/web/style.css", "text/css; charset=utf-8"},
      "/api/openapi.json", new String[] {"/web/openapi.json", "application/json"});

  private WebPage() {}

  static void install(Api api) {
    FILES.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(f -> {
      byte[] content = read(f.getValue()[0]);
      String type = f.getValue()[1];
      api.get(f.getKey(), ctx -> ctx.contentType(type).header("Cache-Control", "no-cache").result(content));
    });
  }

  private static byte[] read(String resource) {
    try (InputStream in = WebPage.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the jar lacks " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
