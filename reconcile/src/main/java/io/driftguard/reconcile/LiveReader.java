package io.driftguard.reconcile;

import io.driftguard.core.state.DesiredResource;
import java.util.List;
import java.util.Set;

/**
 * Reads the live configuration of one kind of resource through a cloud's SDK and renders it in the
 * shape of an IaC source, so the catalog's IaC rows turn it into canonical attributes: the same
 * rules and normalisation the declarations went through.
 */
public interface LiveReader extends AutoCloseable {

    /** The IaC types (Terraform, CloudFormation, Kubernetes kinds) whose resources this reader reads. */
    Set<String> iacTypes();

    /**
     * Reads the resources, paginated and rate-limited.
     *
     * @param resources one declaration per resource key (the first this reader knows), each naming the
     *     provider's resource id
     * @return one live resource per resource it could read or found deleted; resources it could not
     *     read (an error, no permission) are left out and reported to {@code problems}
     */
    List<LiveResource> read(List<DesiredResource> resources, List<String> problems);

    @Override
    default void close() {}

    /** A problem's reason from an SDK's error message: its first line (the rest is detail and hints). */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
