package org.llmplan.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's own Prometheus metrics: requests and their latency by route and status, requests in flight,
 * work computing or queued, requests turned away by reason (client limit, busy, too much work), and work
 * stopped because its client went away.
 */
public final class RequestMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  public RequestMetrics(Supplier<Number> inFlight, Supplier<Number> work) {
    Gauge.builder("llmplan.http.in.flight", inFlight).description("HTTP requests being answered")
        .register(registry);
    Gauge.builder("llmplan.work.busy", work).description("requests computing an answer or waiting to")
        .register(registry);
  }

  /** One answered request: {@code route} is the path template (never the raw path, whose values are unbounded). */
  public void answered(String method, String route, int status, Duration took) {
    Timer.builder("llmplan.http.requests").description("HTTP requests answered, by route and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentileHistogram().serviceLevelObjectives(Duration.ofMillis(50))
        .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
        .register(registry).record(took);
  }

  /** A request turned away: {@code reason} is client-limit, busy or too-much-work. */
  public void rejected(String reason) {
    Counter.builder("llmplan.http.rejected").description("requests turned away, by reason").tag("reason", reason)
        .register(registry).increment();
  }

  /** Work stopped before its answer: {@code reason} is client-gone (the client closed its connection). */
  public void cancelled(String reason) {
    Counter.builder("llmplan.work.cancelled").description("work stopped before its answer, by reason")
        .tag("reason", reason).register(registry).increment();
  }

  /** The Prometheus text exposition of every metric. */
  public String scrape() {
    return registry.scrape();
  }
}
