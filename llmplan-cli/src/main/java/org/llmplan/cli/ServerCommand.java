package org.llmplan.cli;

import java.util.concurrent.CountDownLatch;
import org.llmplan.server.ApiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `llmplan server`: the web page and the JSON API on one port until interrupted. */
@Command(name = "server", description = "Serve the web page and the JSON API (see docs/api.md) until Ctrl-C.",
    mixinStandardHelpOptions = true)
final class ServerCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Mixin
  CatalogOptions catalog;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: "
      + "${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "Port (default: ${DEFAULT-VALUE}; 0 picks one).")
  int port;

  @Override
  public void run() {
    org.llmplan.error.InvalidValueException.requireInRange("--port", port, 0, 65535);
    ApiServer server = ApiServer.start(catalog.load(), host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }));
    spec.commandLine().getOut().printf("llmplan on http://%s:%d/ (API under /api; Ctrl-C stops)%n", host, server.port());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
