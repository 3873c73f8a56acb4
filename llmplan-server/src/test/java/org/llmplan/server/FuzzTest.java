package org.llmplan.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llmplan.catalog.Catalog;

/**
 * 20,000 random and mutated requests over every endpoint (issue 16): no answer is a 5xx, none names a Java
 * type, every error is a problem body, and none shows that the server read the canary config.json that some
 * requests name by path (its model name would appear in the answer, or its folder's name in a message).
 */
class FuzzTest {
  private static final int REQUESTS = 20_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JAVA_NAMES = Pattern.compile("\\b(java|javax|jakarta|jdk|sun)\\.[a-z]+|"
      + "org\\.(llmplan|eclipse|slf4j)|com\\.fasterxml|io\\.javalin|kotlin\\.|[A-Z]\\w+(Exception|Error)\\b");

  @Test
  void noRequestCrashesLeaksOrReadsAFile(@TempDir Path dir) throws Exception {
    String marker = "canary-" + UUID.randomUUID();
    // The marker is only inside the file: names are echoed in errors, the file's content must never be.
    Path folder = Files.createDirectories(dir.resolve("models"));
    Files.writeString(folder.resolve("config.json"), "{\"model_type\":\"llama\",\"_name_or_path\":\"" + marker
        + "\",\"hidden_size\":64,\"num_hidden_layers\":2,\"num_attention_heads\":4,\"intermediate_size\":128,"
        + "\"vocab_size\":1000}");
    List<String> paths = List.of(folder.toString(), folder.resolve("config.json").toString(),
        Path.of("").toAbsolutePath().relativize(folder).toString());
    ServerLimits limits = new ServerLimits(64, 2, 64, 2, 64, 1_000_000, 5_000, 10_000);
    ApiServer server = ApiServer.start(Catalog.embedded(), limits, "127.0.0.1", 0);
    Http http = new Http(server.port());
    FuzzRequests fuzz = new FuzzRequests(16, paths);
    List<FuzzRequests.Request> requests = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      requests.add(fuzz.next());
    }
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    Set<Integer> statuses = ConcurrentHashMap.newKeySet();
    AtomicInteger ok = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (FuzzRequests.Request r : requests) {
        done.add(clients.submit(() -> {
          String failure = check(http, r, marker, statuses, ok);
          if (failure != null && failures.size() < 20) {
            failures.add(failure);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      clients.shutdownNow();
      server.stop();
    }
    assertThat(failures).as("answers that break the rules").isEmpty();
    // The mutations must reach the engine, not only the parser: some answers are plans.
    assertThat(ok.get()).as("successful answers").isGreaterThan(REQUESTS / 20);
    assertThat(statuses).contains(200, 400, 404, 405, 415);
  }

  private static String check(Http http, FuzzRequests.Request r, String marker, Set<Integer> statuses,
      AtomicInteger ok) {
    String shown = r.method() + " " + r.path() + " " + (r.body() == null ? "" : r.body().substring(0,
        Math.min(200, r.body().length())));
    HttpResponse<String> answer;
    try {
      answer = http.send(r.method(), r.path(), r.type(), r.body());
    } catch (IllegalArgumentException e) {
      return null; // a URI the client itself refuses to send (the raw cases are in SafeToExposeTest)
    } catch (Exception e) {
      return shown + ": no answer (" + e + ")";
    }
    int status = answer.statusCode();
    statuses.add(status);
    String body = answer.body();
    String type = answer.headers().firstValue("Content-Type").orElse("");
    if (status >= 500) {
      return shown + ": " + status + " " + body;
    }
    if (body.contains(marker)) {
      return shown + ": the answer shows the canary file was read";
    }
    if (JAVA_NAMES.matcher(body).find()) {
      return shown + ": names a Java type: " + body;
    }
    if (status >= 400 && !r.method().equals("HEAD")) {
      try {
        JsonNode p = JSON.readTree(body);
        if (!type.startsWith("application/problem+json") || p.get("status").asInt() != status
            || !p.get("type").asText().startsWith("urn:llmplan:problem:") || p.get("detail") == null) {
          return shown + ": not a problem body: " + type + " " + body;
        }
      } catch (Exception e) {
        return shown + ": not a problem body: " + type + " " + body;
      }
    } else if (status == 200) {
      ok.incrementAndGet();
    }
    return null;
  }
}
