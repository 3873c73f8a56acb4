/**
 * Questions as users state them, names and numbers with anything left out taking its default, and their
 * resolution against the catalog into the checked inputs the estimators take (a training job, a serving
 * deployment). The command line and the HTTP API fill in the same requests, so both answer the same way; this
 * is the one layer that turns names into values.
 *
 * <p>Dependencies: {@code catalog} and everything below it ({@code error}, {@code hardware}, {@code model},
 * {@code parallel}, {@code profile}), and the estimators whose inputs it builds ({@code train}, {@code infer},
 * ...). Never {@code plan}, {@code search}, {@code serve}, {@code network}, {@code validate} or a face.
 */
package org.llmplan.request;
