package io.driftguard.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.driftguard.testkit.LocalPostgres;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * A job resubmitted to a Flink task manager runs in a new user-code class loader. The job's
 * {@link Database} connects from such loaders, one after the other, as a resubmission does: no
 * "No suitable driver" (DriverManager hands out only drivers its caller's loader can see).
 */
class DatabaseClassLoaderIT {

    @Test
    void connectsFromEveryFreshUserCodeClassLoader() throws Exception {
        try (LocalPostgres pg = LocalPostgres.start()) {
            URL[] userJar = {location(Database.class), location(org.postgresql.Driver.class)};
            for (int submission = 1; submission <= 2; submission++) {
                // Child of the platform loader: sees the JDK, not this test's classpath, like Flink's child-first
                // loader.
                try (URLClassLoader user = new URLClassLoader(userJar, ClassLoader.getPlatformClassLoader())) {
                    Class<?> database = user.loadClass(Database.class.getName());
                    assertThat(database.getClassLoader()).isSameAs(user);
                    Object db = database.getConstructor(String.class, String.class, String.class)
                            .newInstance(pg.jdbcUrl(), "postgres", "");
                    try (Connection c =
                                    (Connection) database.getMethod("connect").invoke(db);
                            Statement s = c.createStatement();
                            ResultSet rs = s.executeQuery("SELECT 40 + " + submission)) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getInt(1)).isEqualTo(40 + submission);
                    }
                }
            }
        }
    }

    private static URL location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toUri()
                .toURL();
    }
}
