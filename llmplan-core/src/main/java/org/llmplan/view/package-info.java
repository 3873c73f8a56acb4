/**
 * The JSON documents of the estimates, one record per JSON object, shared by the command line's
 * {@code --json} and the HTTP API so that both print the same bytes. A view record's components are the
 * documented fields in their documented order (docs/json.md, docs/api.md, docs/validation.md); a view embeds
 * the engine's own records where their shape is the documented one (levers, error summaries, serving
 * metrics, requests) and adds only what a reader needs on top of them (names instead of objects, labels
 * instead of enums, derived rates, absent instead of infinite). {@link org.llmplan.view.JsonText} writes them:
 * records in component order, maps sorted by key unless a view marks one {@link org.llmplan.view.Ordered},
 * no nulls, so the same request gives the same bytes in every process.
 *
 * <p>This package sits at the top of the engine: it may depend on every engine package (estimate, model,
 * hardware, parallel, profile, train, infer, network, storage, reliability, serving, serve, search, request,
 * validate) and on Jackson, and on nothing of the faces (emit, server, cli). No engine package depends on it.
 */
package org.llmplan.view;
