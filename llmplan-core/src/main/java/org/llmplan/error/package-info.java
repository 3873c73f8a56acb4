/**
 * The kinds of user mistake and how each is worded: an unknown name with the closest known ones, a value out of
 * range, a layout that breaks a rule, a file that cannot be read. Every exception here carries one line that
 * says what to change, which the command line turns into exit code 2 and the API into HTTP 400. Reading a
 * closed set of labels, reading a user's text file and wording a JSON parse error are here too, so that every layer words its mistakes the
 * same way.
 *
 * <p>Dependencies: none within llmplan; it is the bottom of the engine, and every other package may depend on
 * it.
 */
package org.llmplan.error;
