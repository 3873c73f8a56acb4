package org.llmplan.server;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.llmplan.catalog.Catalog;

/**
 * The load benchmark of issue 16, not a test (nothing timed is asserted): single training-memory plans at
 * 200 requests/s on loopback for 20 s, first alone, then while 1,000 slow clients (from 127.0.0.2, another
 * address) each send a body a byte a second. Prints p50/p99/max latency and the answers by status.
 * Run: {@code llmplan-server/load-benchmark.sh}.
 */
public final class LoadBenchmark {
  private static final String BODY = "{\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":2,"
      + "\"seq\":8192,\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true}";

  private LoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rate = 200;
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    ApiServer server = ApiServer.start(Catalog.embedded(), "0.0.0.0", 0);
    try {
      run("alone", server.port(), rate, seconds);
      List<Socket> slow = slowClients(server.port(), 1000);
      run("with 1,000 slow clients", server.port(), rate, seconds);
      slow.forEach(s -> {
        try {
          s.close();
        } catch (java.io.IOException e) {
          // already closed by the server's body deadline
        }
      });
    } finally {
      server.stop();
    }
  }

  private static void run(String name, int port, int rate, int seconds) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/memory/train"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    for (int i = 0; i < 200; i++) {
      client.send(request, HttpResponse.BodyHandlers.ofString()); // warm-up
    }
    int n = rate * seconds;
    double[] latency = new double[n];
    int[] status = new int[n];
    List<CompletableFuture<Void>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * 1e9 / rate);
      while (System.nanoTime() < due) {
        Thread.onSpinWait();
      }
      int k = i;
      long sent = System.nanoTime();
      done.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
        latency[k] = (System.nanoTime() - sent) / 1e6;
        status[k] = r == null ? -1 : r.statusCode();
        return null;
      }));
    }
    CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
    double[] sorted = latency.clone();
    Arrays.sort(sorted);
    long ok = Arrays.stream(status).filter(s -> s == 200).count();
    System.out.printf(Locale.ROOT, "%s: %d requests at %d/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d answered 200%n",
        name, n, rate, sorted[n / 2], sorted[(int) (n * 0.99)], sorted[n - 1], ok);
  }

  /** Connections from 127.0.0.2 that announce a body and send one byte of it a second. */
  private static List<Socket> slowClients(int port, int count) throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/memory/train HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + "1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      sockets.add(s);
    }
    Thread dripper = new Thread(() -> {
      while (true) {
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write(' ');
          } catch (java.io.IOException e) {
            // the server closed it: what the body deadline is for
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    dripper.setDaemon(true);
    dripper.start();
    return sockets;
  }
}
