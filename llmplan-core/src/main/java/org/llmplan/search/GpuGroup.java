package org.llmplan.search;

/**
 * The layouts of one accelerator on one GPU count: the search keeps the best plans of each such group.
 *
 * @param index the group's place in the search, which is also the order in which groups break ties
 * @param space every legal layout of the option's job on {@code gpus} GPUs
 */
record GpuGroup(int index, GpuOption option, int gpus, LayoutSpace space) {}
