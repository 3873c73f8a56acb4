package org.llmplan.search;

/**
 * Why the second plan lost to the first: by how much on the objective, and the part of its step that
 * grew the most.
 *
 * @param objectiveRatio the runner-up's objective value over the best's (at least 1)
 * @param part the step part (as in {@code time.parts}) that is longer by the most, or null if none is
 * @param bestSeconds that part's seconds per step in the best plan
 * @param runnerUpSeconds that part's seconds per step in the runner-up
 * @param reason the same in one sentence
 */
public record RunnerUp(Plan plan, double objectiveRatio, String part, double bestSeconds, double runnerUpSeconds,
    String reason) {}
