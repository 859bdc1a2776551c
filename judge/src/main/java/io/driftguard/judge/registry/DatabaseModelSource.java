package io.driftguard.judge.registry;

import io.driftguard.core.store.Database;
import io.driftguard.core.store.ModelStore;
import io.driftguard.judge.cause.CauseModel;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The registry's PostgreSQL table as a {@link ModelSource}: what the live job watches, since every
 * task manager reaches the database but not necessarily the directory the CLI wrote.
 */
public record DatabaseModelSource(Database database) implements ModelSource {

    @Override
    public Roles roles() throws IOException {
        try (Connection c = database.connect()) {
            ModelStore.Roles r = new ModelStore(c).roles(CauseModel.NAME);
            return new Roles(r.live(), r.candidate());
        } catch (SQLException e) {
            throw new IOException("cannot read the model roles from " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] onnx(String version) throws IOException {
        try (Connection c = database.connect()) {
            return new ModelStore(c)
                    .onnx(version)
                    .orElseThrow(() -> new IOException("model version " + version + " is not in model_versions"));
        } catch (SQLException e) {
            throw new IOException("cannot read model " + version + " from " + database + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "model_versions in " + database;
    }
}
