package io.driftguard.ingest.iac;

/**
 * Why an IaC file, or part of one, was not read: a bad file is reported, never thrown.
 *
 * @param file the file, relative to the replay input folder where known
 * @param reason a sentence a user can act on
 */
public record IacProblem(String file, String reason) {}
