package io.driftguard.reconcile;

import java.util.List;

/**
 * One scan's outcome as the command prints it. The job decides what is drift (and what an open
 * episode already reports); {@code differing} is the scanner's own plain comparison, for the log.
 *
 * @param declared resources the IaC declares
 * @param observed resources read and published as observations
 * @param unsupported declared resources no reader reads (their IaC type is listed in the docs)
 * @param differing {@code <resource key>: <paths>} whose live value differs from the declaration
 * @param problems resources that could not be read, and why
 */
public record ScanReport(
        String scanId, int declared, int observed, int unsupported, List<String> differing, List<String> problems) {

    public ScanReport {
        differing = List.copyOf(differing);
        problems = List.copyOf(problems);
    }
}
