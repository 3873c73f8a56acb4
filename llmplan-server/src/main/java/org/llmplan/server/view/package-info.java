/**
 * The JSON both faces print: one view per estimate or answer (training, memory, network, storage and
 * reliability, search, serve, validation, catalog entries), with the field names and order documented in
 * docs/json.md, and the writers that print them.
 *
 * <p>Dependencies: The engine's estimates and answers (llmplan-core). Never {@code cli}, and nothing of the
 * HTTP server itself.
 */
package org.llmplan.server.view;
