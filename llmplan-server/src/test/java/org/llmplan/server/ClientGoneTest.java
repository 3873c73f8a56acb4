package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.llmplan.catalog.Catalog;

/**
 * Work whose client closes the connection stops soon after, long before its deadline: a raw client sends a long
 * simulation or search and hangs up; the server's metrics then show the work cancelled and no worker busy.
 */
class ClientGoneTest {
  /** One worker and a deadline far beyond the test, so only the client's leaving can stop the work. */
  private static final ServerLimits LIMITS = new ServerLimits(16, 1, 4, 120, 8, 1_000_000, 5_000, 60_000);
  /** Bound on noticing: polls every 100 ms, then the work must see its interrupt; generous for a loaded machine. */
  private static final double STOP_SECONDS = 10;

  private static ApiServer server;
  private static Http http;

  @BeforeAll
  static void start() {
    server = ApiServer.start(Catalog.embedded(), LIMITS, "127.0.0.1", 0);
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static double metric(String name) throws Exception {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " (\\S+)$").matcher(http.get("/metrics").body());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      // The case: 242 CPU-seconds of simulation at the old server, which ran on after the client left.
      "/api/serve | {\"deployment\":{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"},\"input\":\"60000\","
          + "\"output\":\"60000\",\"rate\":\"30\",\"duration\":\"10min\"}",
      "/api/search/train | {\"model\":\"gpt3-175b\",\"gpu\":[\"a100-80gb\",\"h100\",\"h200\"],\"maxGpus\":8192,"
          + "\"seq\":2048,\"globalBatch\":1536,\"tokens\":3e11,\"timeLimitSeconds\":20}",
  })
  void workStopsSoonAfterItsClientHangsUp(String path, String body) throws Exception {
    double before = metric("llmplan_work_cancelled_total{reason=\"client-gone\"}");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    try (Socket client = new Socket("127.0.0.1", server.port())) {
      OutputStream out = client.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
      long due = System.nanoTime() + 5_000_000_000L;
      while (metric("llmplan_work_busy") < 1 && System.nanoTime() < due) {
        Thread.sleep(20);
      }
      assertThat(metric("llmplan_work_busy")).as("the work started").isEqualTo(1);
    }
    long closed = System.nanoTime();
    while ((metric("llmplan_work_busy") > 0
        || metric("llmplan_work_cancelled_total{reason=\"client-gone\"}") <= before)
        && (System.nanoTime() - closed) / 1e9 < STOP_SECONDS) {
      Thread.sleep(50);
    }
    double stoppedAfter = (System.nanoTime() - closed) / 1e9;
    assertThat(metric("llmplan_work_cancelled_total{reason=\"client-gone\"}")).isEqualTo(before + 1);
    assertThat(metric("llmplan_work_busy")).as("no worker still computing").isZero();
    // The deadline is 120 s and the search's own limit 20 s: being done well before either is the point.
    assertThat(stoppedAfter).isLessThan(STOP_SECONDS);
    assertThat(http.post("/api/memory/train", "{\"model\":\"llama-3.1-8b\",\"gpu\":\"h100\"}").statusCode())
        .as("the one worker is free").isEqualTo(200);
  }
}
