/**
 * Storage around a training run: what a checkpoint holds and weighs, how long it takes to save and restore on a
 * storage system when every node writes its share, blocking or asynchronous, and the read bandwidth the
 * training data needs.
 *
 * <p>Dependencies: {@code error}, {@code estimate}, {@code hardware}, {@code model} and {@code train} (the job
 * and its state sizes). Never {@code catalog} or {@code request} (ArchitectureTest).
 */
package org.llmplan.storage;
