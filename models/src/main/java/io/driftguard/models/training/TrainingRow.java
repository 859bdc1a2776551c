package io.driftguard.models.training;

/**
 * One labelled example: the feature vector of an episode and the class index of its cause
 * ({@link io.driftguard.core.vocabulary.Cause}).
 *
 * @param group where it came from (for example {@code seed-3}); splits are by group, never by row,
 *     so near-duplicate episodes of one data set never sit on both sides
 */
public record TrainingRow(String group, float[] features, int label) {}
