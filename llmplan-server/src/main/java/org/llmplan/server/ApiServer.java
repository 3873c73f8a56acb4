package org.llmplan.server;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.llmplan.catalog.Catalog;
import org.llmplan.error.PlanInputException;
import org.llmplan.server.api.Api;
import org.llmplan.server.http.ClientLimits;
import org.llmplan.server.http.Problem;
import org.llmplan.server.http.ProblemErrorHandler;
import org.llmplan.server.http.RequestMetrics;
import org.llmplan.server.http.StrictJson;
import org.llmplan.server.http.WorkLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code llmplan server}: the web page at {@code /}, the JSON API under {@code /api} (docs/api.md, the
 * OpenAPI document at {@code /api/openapi.json}), health at {@code /api/health}, readiness at
 * {@code /api/ready} and Prometheus metrics at {@code /metrics}. Every error is an RFC 9457 problem body; the
 * limits of {@link ServerLimits} keep one request or client from taking the machine.
 */
public final class ApiServer {
  /** The longest a search request runs before it answers with what it has. */
  public static final double SEARCH_SECONDS = Api.SEARCH_SECONDS;

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final WorkLimits work;
  private final ClientLimits clients;
  private final RequestMetrics metrics;
  private final Javalin app;
  private final Api api;
  private final ServerLimits limits;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "llmplan-body-deadline");
    t.setDaemon(true);
    return t;
  });

  private ApiServer(Catalog catalog, ServerLimits limits, String host, int port) {
    this.limits = limits;
    work = new WorkLimits(limits.workThreads(), limits.workQueue(), limits.workSeconds());
    clients = new ClientLimits(limits.perClient());
    metrics = new RequestMetrics(clients::total, work::busy);
    app = Javalin.create(config -> configure(config, limits, host, port));
    api = Api.install(catalog, work, app);
    api.get("/api/health", ctx -> ctx.json(Map.of("status", "ok")));
    api.get("/api/ready", ctx -> ready(ctx, limits));
    api.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.before(this::admit);
    app.after(this::account);
    mapErrors();
  }

  /** Starts serving on {@code host:port} (port 0 picks a free one) with the default limits. */
  public static ApiServer start(Catalog catalog, String host, int port) {
    return start(catalog, ServerLimits.DEFAULTS, host, port);
  }

  public static ApiServer start(Catalog catalog, ServerLimits limits, String host, int port) {
    ApiServer server = new ApiServer(catalog, limits, host, port);
    server.app.start();
    return server;
  }

  public int port() {
    return app.port();
  }

  /** Every route the server answers (the OpenAPI document is checked against them). */
  public List<Api.Route> routes() {
    return api.routes();
  }

  public void stop() {
    app.stop();
    work.close();
    timer.shutdownNow();
  }

  private static void configure(JavalinConfig config, ServerLimits limits, String host, int port) {
    config.showJavalinBanner = false;
    config.http.maxRequestSize = limits.maxBodyBytes();
    config.http.prefer405over404 = true;
    QueuedThreadPool threads = new QueuedThreadPool(limits.httpThreads(), Math.min(8, limits.httpThreads()));
    threads.setName("llmplan-http");
    config.jetty.threadPool = threads;
    config.jetty.modifyHttpConfiguration(http -> {
      http.setSendServerVersion(false);
    });
    config.jetty.modifyServer(server -> server.setErrorHandler(new ProblemErrorHandler()));
    config.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new ProblemErrorHandler()));
    config.jetty.addConnector((server, http) -> {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(limits.idleMillis());
      return connector;
    });
  }

  /** Counts the request in for its client, or turns it away (429) before its body is read. */
  private void admit(Context ctx) {
    ctx.attribute("llmplan.start", System.nanoTime());
    String client = ctx.req().getRemoteAddr();
    if (!clients.enter(client)) {
      metrics.rejected("client-limit");
      throw new TooManyRequests("more than " + clients.perClient() + " requests in flight from " + client
          + ": wait for answers before sending more");
    }
    ctx.attribute("llmplan.client", client);
    readBody(ctx);
  }

  /**
   * Reads the body at once, within {@code bodyMillis}: past it the connection is closed, which ends the
   * blocking read, so a client that sends a byte a second holds a thread for seconds, not minutes.
   */
  private void readBody(Context ctx) {
    if (ctx.req().getContentLengthLong() == 0 || ctx.method() == HandlerType.GET) {
      return;
    }
    EndPoint connection = Request.getBaseRequest(ctx.req()).getHttpChannel().getEndPoint();
    ScheduledFuture<?> cut = timer.schedule((Runnable) connection::close, limits.bodyMillis(), TimeUnit.MILLISECONDS);
    try {
      ctx.bodyAsBytes();
    } finally {
      cut.cancel(false);
    }
  }

  private void account(Context ctx) {
    String client = ctx.attribute("llmplan.client");
    if (client != null) {
      clients.leave(client);
    }
    Long start = ctx.attribute("llmplan.start");
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    if (start != null) {
      metrics.answered(ctx.method().name(), route, ctx.statusCode(), Duration.ofNanos(System.nanoTime() - start));
    }
  }

  private void ready(Context ctx, ServerLimits limits) {
    boolean ready = work.busy() < limits.workThreads() + limits.workQueue();
    ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "ready" : "busy"));
  }

  private void mapErrors() {
    app.exception(PlanInputException.class, (e, ctx) -> Problem.of(400, e.kind(), e.getMessage()).answer(ctx));
    app.exception(StrictJson.UnsupportedMediaType.class, (e, ctx) ->
        Problem.of(415, "unsupported-media-type", e.getMessage()).answer(ctx));
    app.exception(WorkLimits.TooMuchWork.class, (e, ctx) -> {
      metrics.rejected("too-much-work");
      Problem.of(422, "too-much-work", e.getMessage()).answer(ctx);
    });
    app.exception(WorkLimits.Busy.class, (e, ctx) -> {
      metrics.rejected("busy");
      ctx.header("Retry-After", "5");
      Problem.of(503, "busy", e.getMessage()).answer(ctx);
    });
    app.exception(WorkLimits.ClientGone.class, (e, ctx) -> {
      metrics.cancelled("client-gone");
      // Nobody reads this answer; 499 is the status proxies log for a client that closed first.
      Problem.of(499, "client-gone", e.getMessage()).answer(ctx);
    });
    app.exception(TooManyRequests.class, (e, ctx) -> {
      ctx.header("Retry-After", "1");
      Problem.of(429, "too-many-requests", e.getMessage()).answer(ctx);
    });
    app.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e.getStatus()));
    app.exception(BadMessageException.class, (e, ctx) -> httpError(ctx, e.getCode()));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("internal error on {} {}", ctx.method(), ctx.path(), e);
      Problem.of(500, "internal-error", "internal error; the server log has the details").answer(ctx);
    });
    for (int status : new int[] {400, 404, 405, 413, 414, 415, 431, 500}) {
      app.error(status, ctx -> {
        if (ctx.attribute(Problem.ANSWERED) == null) {
          httpError(ctx, ctx.statusCode());
        }
      });
    }
  }

  private static void httpError(Context ctx, int status) {
    Problem p = switch (status) {
      case 404 -> Problem.of(404, "not-found", "no such endpoint: " + ctx.method() + " " + ctx.path()
          + " (the API is listed at /api/openapi.json)");
      case 405 -> Problem.of(405, "method-not-allowed", ctx.method() + " is not allowed on " + ctx.path());
      default -> org.llmplan.server.http.ProblemErrorHandler.problemFor(status, null);
    };
    p.answer(ctx);
  }

  /** A client over its in-flight limit: HTTP 429. */
  private static final class TooManyRequests extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooManyRequests(String message) {
      super(message);
    }
  }
}
