package io.driftguard.smoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathEntryTest {

    @TempDir
    Path dir;

    @Test
    void reportsAClassThatTwoJarsHoldWithDifferentBytesOnly() throws IOException {
        Path older = jar(
                "lib-1.0.jar",
                Map.of(
                        "lib/Api.class",
                        "v1",
                        "lib/Same.class",
                        "same",
                        "META-INF/versions/11/lib/Api.class",
                        "mr",
                        "module-info.class",
                        "m1"));
        Path newer = jar(
                "lib-2.0.jar",
                Map.of(
                        "lib/Api.class",
                        "v2",
                        "lib/Same.class",
                        "same",
                        "META-INF/versions/11/lib/Api.class",
                        "mr2",
                        "module-info.class",
                        "m2"));
        Path classes = Files.createDirectories(dir.resolve("classes/app"));
        Files.writeString(classes.resolve("Main.class"), "main");

        List<String> twice = ClasspathEntry.classesInTwoVersions(
                List.of(ClasspathEntry.of(older), ClasspathEntry.of(newer), ClasspathEntry.of(dir.resolve("classes"))));

        assertThat(twice).containsExactly("lib/Api.class differs between [[lib-1.0.jar], [lib-2.0.jar]]");
    }

    @Test
    void readsTheClassesAndNestedJarsOfABootJar() throws IOException {
        Path nested = jar("nested.jar", Map.of("lib/Api.class", "v1"));
        Path boot = dir.resolve("app.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(boot))) {
            out.putNextEntry(new ZipEntry("BOOT-INF/classes/app/Main.class"));
            out.write("main".getBytes(StandardCharsets.UTF_8));
            out.putNextEntry(new ZipEntry("BOOT-INF/lib/nested.jar"));
            out.write(Files.readAllBytes(nested));
            out.putNextEntry(new ZipEntry("org/springframework/boot/loader/Launcher.class"));
            out.write("loader".getBytes(StandardCharsets.UTF_8));
        }

        List<ClasspathEntry> entries = ClasspathEntry.ofBootJar(boot, Files.createDirectories(dir.resolve("scratch")));

        assertThat(entries).extracting(ClasspathEntry::name).containsExactly("nested.jar", "classes");
        assertThat(entries).flatExtracting(ClasspathEntry::classes).containsExactly("lib/Api.class", "app/Main.class");
    }

    private Path jar(String name, Map<String, String> entries) throws IOException {
        Path jar = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return jar;
    }
}
