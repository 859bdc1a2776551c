package io.driftguard.ingest.iac.remote;

import java.nio.file.Path;
import java.util.List;

/**
 * IaC kept where teams keep it (Terraform state in a backend, CloudFormation stacks behind the
 * CloudFormation API, manifests in a Git repository), mirrored into a local IaC folder of its own
 * ({@code terraform/}, {@code cloudformation/<stack>/}, {@code kubernetes/<cluster>/}), so
 * {@code iac-sync} reads remote and local IaC the same way and publishes only what changed.
 *
 * <p>What cannot be read or taken keeps its last good copy, so its declarations are not tombstoned
 * by a bad poll; the problem is a {@link Rejection}, reported once, when it appears or its reason
 * changes, not on every poll while it lasts.
 */
public interface RemoteIac {

    /** The IaC folder the copies are kept in (it holds {@code terraform/}, {@code cloudformation/}, …). */
    Path folder();

    /** Polls the source once, refreshing the copies that changed. Never throws for a source's failure. */
    Refresh refresh();

    /**
     * Something remote not taken.
     *
     * @param origin where it is ({@code gs://…}, {@code s3://…}, a blob URL, a workspace URL,
     *     {@code cloudformation:<region>/<stack>}, {@code <repository>#<branch>:<file>})
     * @param code a short fixed code for metrics and filters: {@code unreadable}, {@code not-a-state},
     *     {@code not-a-template} or {@code not-a-manifest}
     * @param reason a sentence a person can act on
     * @param payload what was downloaded, when it was downloaded but could not be used; empty otherwise
     */
    record Rejection(String origin, String code, String reason, byte[] payload) {

        /** A source or part of one that could not be read at all. */
        public static Rejection unreadable(String origin, String reason) {
            return new Rejection(origin, "unreadable", reason, new byte[0]);
        }
    }

    /** One poll: how many copies changed, and what was rejected for the first time. */
    record Refresh(int changed, List<Rejection> rejected) {}
}
