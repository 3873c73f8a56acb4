/**
 * The endpoints: one class per group of commands (catalog, plans, serving, searches, launch bundles,
 * validation, the web page), each reading a request, asking the engine and answering with the JSON view the
 * command line prints for {@code --json}. Nothing here computes an answer of its own.
 *
 * <p>Dependencies: the engine (llmplan-core: catalog, request, plan, search, serve, network, validate, view),
 * the launch bundles (llmplan-emit), Javalin, and {@code org.llmplan.server.http} for strict bodies, limits
 * and problem answers. Never {@code cli}.
 */
package org.llmplan.server.api;
