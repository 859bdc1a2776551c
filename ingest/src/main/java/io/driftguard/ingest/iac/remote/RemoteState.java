package io.driftguard.ingest.iac.remote;

import java.io.IOException;

/**
 * A Terraform state kept where teams keep it (an S3, GCS or azurerm backend, a Terraform Cloud
 * workspace), polled with change detection: {@link #fetchIfChanged} downloads the state only when its
 * version token (ETag, generation, state version and serial) moved since the last call.
 */
public interface RemoteState {

    /** A file-system-safe name for the state, unique among the states one iac-sync reads. */
    String name();

    /** Where the state is, as its backend names it ({@code gs://bucket/prefix/default.tfstate}), for messages. */
    default String location() {
        return name();
    }

    /** The state's bytes when it changed since the last call (always on the first), else null. */
    byte[] fetchIfChanged() throws IOException;
}
