/**
 * What makes the API safe to expose, whatever the endpoint: RFC 9457 problem bodies for every error (the
 * server's own and Jetty's, such as 413 and 414), strict JSON bodies, limits on in-flight requests per client
 * and on the time and threads one request's work may take, and the Prometheus metrics of all of it.
 *
 * <p>Dependencies: Javalin and Jetty, Micrometer, Jackson, and {@code org.llmplan.error} and
 * {@code org.llmplan.view} of the engine; never the endpoints ({@code org.llmplan.server.api}).
 */
package org.llmplan.server.http;
