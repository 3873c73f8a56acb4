package org.llmplan.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.llmplan.watch.PrometheusClient;

/** The real Prometheus (Debian's package) on a free port, with a given config file and a fresh store. */
final class PrometheusServer implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/prometheus");
  private final Process process;
  private final String url;

  PrometheusServer(Path config, Path store) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    url = "http://127.0.0.1:" + port;
    Path log = Files.createTempFile(store.getParent(), "prometheus", ".log");
    process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.tsdb.path=" + store,
        "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  String url() {
    return url;
  }

  /** Waits until every target is up and each was scraped {@code scrapes} times. */
  void awaitScrapes(int targets, int scrapes) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (Instant.now().isBefore(deadline)) {
      assertThat(process.isAlive()).as("prometheus is running").isTrue();
      try {
        http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.ofString());
        PrometheusClient p = PrometheusClient.of(url);
        double up = p.value("count(up == 1)").orElse(0);
        double seen = p.value("min(count_over_time(up[5m]))").orElse(0);
        if (up >= targets && seen >= scrapes) {
          return;
        }
      } catch (IOException | RuntimeException notYet) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("prometheus at " + url + " did not scrape " + targets + " targets " + scrapes + " times");
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
