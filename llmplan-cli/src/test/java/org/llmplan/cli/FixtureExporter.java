package org.llmplan.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.DoubleFunction;

/**
 * A Prometheus exporter for tests: serves, at /metrics, the text a function of the seconds since start
 * returns, so that counters grow and gauges drift as the real exporters' would.
 */
final class FixtureExporter implements AutoCloseable {
  private final HttpServer server;
  private final long start = System.nanoTime();

  FixtureExporter(DoubleFunction<String> metricsAtSecond) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/metrics", exchange -> {
      byte[] body = metricsAtSecond.apply((System.nanoTime() - start) / 1e9).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
  }

  String address() {
    return "127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
