package io.driftguard.judge.testing;

import io.driftguard.judge.cause.CauseModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Other versions of the shipped cause model for registry tests: the same trees and schema, with one
 * more {@code metadata_props} entry appended to the ONNX protobuf (a repeated field may be
 * continued at the end of a message), so the file, and with it the version, differs while it loads
 * and scores like the original.
 */
public final class ModelVariants {

    private ModelVariants() {}

    /** The model the build ships. */
    public static byte[] shipped() {
        try (InputStream in = CauseModel.class.getResourceAsStream(CauseModel.CLASSPATH_LOCATION)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped model carrying the metadata entry {@code driftguard.variant = name}. */
    public static byte[] variant(String name) {
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        field(entry, 1, "driftguard.variant".getBytes(StandardCharsets.UTF_8));
        field(entry, 2, name.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(shipped());
        field(out, 14, entry.toByteArray()); // ModelProto.metadata_props
        return out.toByteArray();
    }

    /** Writes {@code variant(name)} and the shipped sidecar into {@code dir}; returns the model file. */
    public static Path write(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path onnx = dir.resolve("cause.onnx");
            Files.write(onnx, name == null ? shipped() : variant(name));
            try (InputStream in = CauseModel.class.getResourceAsStream("/models/" + CauseModel.SIDECAR_NAME)) {
                Files.write(dir.resolve(CauseModel.SIDECAR_NAME), in.readAllBytes());
            }
            return onnx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] bytes) {
        varint(out, (number << 3) | 2);
        varint(out, bytes.length);
        out.writeBytes(bytes);
    }

    private static void varint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
