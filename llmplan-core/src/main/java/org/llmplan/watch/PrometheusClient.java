package org.llmplan.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.llmplan.error.InvalidValueException;

/** Instant queries against a Prometheus server's HTTP API (GET /api/v1/query). */
public final class PrometheusClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http;

  private PrometheusClient(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** A client of the server at {@code url} (http or https, with an optional path prefix). */
  public static PrometheusClient of(String url) {
    try {
      URI uri = new URI(url.endsWith("/") ? url : url + "/");
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        throw new URISyntaxException(url, "not an http(s) address");
      }
      return new PrometheusClient(uri);
    } catch (URISyntaxException e) {
      throw new InvalidValueException("--prometheus " + url + " is not a URL: give the server's address, for "
          + "example http://prometheus:9090");
    }
  }

  /** The series of an instant query; empty when nothing matches (the exporter is not scraped, say). */
  public List<Sample> query(String promql) {
    JsonNode body = get(promql);
    JsonNode data = body.path("data");
    List<Sample> samples = new ArrayList<>();
    if ("scalar".equals(data.path("resultType").asText())) {
      samples.add(new Sample(Map.of(), number(data.path("result").path(1))));
      return samples;
    }
    for (JsonNode series : data.path("result")) {
      Map<String, String> labels = new LinkedHashMap<>();
      series.path("metric").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
      double v = number(series.path("value").path(1));
      if (Double.isFinite(v)) {
        samples.add(new Sample(labels, v));
      }
    }
    return samples;
  }

  /** The value of a query that yields one series (an aggregation), or empty. */
  public OptionalDouble value(String promql) {
    List<Sample> samples = query(promql);
    return samples.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(samples.get(0).value());
  }

  private JsonNode get(String promql) {
    URI uri = base.resolve("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new InvalidValueException("cannot reach Prometheus at " + base + " (" + e.getClass().getSimpleName()
          + "): check --prometheus");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidValueException("interrupted while querying Prometheus at " + base);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (body == null || !"success".equals(body.path("status").asText())) {
      String why = body == null ? "HTTP " + response.statusCode() : body.path("error").asText();
      throw new InvalidValueException("Prometheus at " + base + " did not answer the query " + promql + " (" + why
          + "): check that --prometheus is a Prometheus server");
    }
    return body;
  }

  /** Prometheus writes sample values as strings ("1.5", "NaN", "+Inf"). */
  private static double number(JsonNode value) {
    try {
      return Double.parseDouble(value.asText());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
