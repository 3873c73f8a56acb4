package org.llmplan.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.llmplan.catalog.Catalog;
import org.llmplan.server.ApiServer;

/**
 * The server's load benchmark (issue 16), not a test: nothing is asserted, the figures are printed. It starts
 * {@code llmplan server} in this process on loopback and sends single training-memory plans at 200 requests/s,
 * first alone, then while 1,000 slow clients, each from an address of its own (127.0.1.x to 127.0.4.x, so the
 * per-address limit does not shield the server), announce a body and send it a byte a second. It prints
 * p50/p99/max latency and the answers by status of each run, and how many slow clients the server cut off.
 * Run (docs/api.md, "Load"): {@code java -cp llmplan-bench/target/benchmarks.jar
 * org.llmplan.bench.ServerLoadBenchmark [SECONDS] [SLOW_CLIENTS]}.
 */
public final class ServerLoadBenchmark {
  private static final int RATE = 200;
  private static final String BODY = "{\"model\":\"llama-3.1-70b\",\"gpu\":\"h100\",\"gpus\":64,\"tp\":8,\"pp\":2,"
      + "\"seq\":8192,\"sharding\":\"dist-opt\",\"recompute\":\"selective\",\"sequenceParallel\":true}";

  private ServerLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    int slowCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    ApiServer server = ApiServer.start(Catalog.embedded(), "127.0.0.1", 0);
    try {
      run("alone", server.port(), seconds);
      List<Socket> slow = slowClients(server.port(), slowCount);
      Thread dripper = drip(slow);
      run("beside " + slowCount + " slow clients", server.port(), seconds);
      dripper.interrupt();
      System.out.printf(Locale.ROOT, "slow clients cut off by the server: %d of %d%n", cutOff(slow), slow.size());
      for (Socket s : slow) {
        s.close();
      }
    } finally {
      server.stop();
    }
  }

  /** {@code RATE} requests a second for {@code seconds}, each sent on time whatever the earlier ones do. */
  private static void run(String name, int port, int seconds) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/memory/train"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(BODY)).build();
    for (int i = 0; i < 200; i++) {
      client.send(request, HttpResponse.BodyHandlers.ofString()); // warm-up: JIT and connections
    }
    int n = RATE * seconds;
    double[] latency = new double[n];
    int[] status = new int[n];
    List<CompletableFuture<Void>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * 1e9 / RATE);
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
    Map<Integer, Integer> byStatus = new TreeMap<>();
    Arrays.stream(status).forEach(s -> byStatus.merge(s, 1, Integer::sum));
    System.out.printf(Locale.ROOT, "%s: %d plans at %d/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms; answers by status "
        + "%s (-1: no answer)%n", name, n, RATE, sorted[n / 2], sorted[(int) (n * 0.99)], sorted[n - 1], byStatus);
  }

  /** Connections, each from its own loopback address, that announce a 1,000-byte body and send its first byte. */
  private static List<Socket> slowClients(int port, int count) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, (byte) (1 + i / 250),
          (byte) (1 + i % 250)}), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = s.getOutputStream();
      out.write(("POST /api/memory/train HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
          + "1000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      sockets.add(s);
    }
    return sockets;
  }

  /** One more byte on every slow connection each second, until interrupted. */
  private static Thread drip(List<Socket> sockets) {
    Thread dripper = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        for (Socket s : sockets) {
          try {
            s.getOutputStream().write(' ');
          } catch (IOException e) {
            // closed by the server: what its body deadline is for; cutOff counts it
          }
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "slow-clients");
    dripper.setDaemon(true);
    dripper.start();
    return dripper;
  }

  /** Slow connections the server closed or answered (a 408 or 400 instead of waiting for the body). */
  private static int cutOff(List<Socket> sockets) throws IOException {
    int cut = 0;
    for (Socket s : sockets) {
      s.setSoTimeout(5);
      try {
        s.getInputStream().read(); // -1 (closed) or the first byte of an answer: either way, cut off
        cut++;
      } catch (SocketTimeoutException e) {
        // still waiting for its body: not cut off
      } catch (IOException e) {
        cut++; // reset by the server
      }
    }
    return cut;
  }
}
