package io.backline.store;

/**
 * What one edge counted for one version in one step of a rollout: the sum of the increases of its
 * cumulative reports while that step was current.
 */
public record RolloutTally(int stepIndex, String edgeId, int version, long requests, long errors) {}
