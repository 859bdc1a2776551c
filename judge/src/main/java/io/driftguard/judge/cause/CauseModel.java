package io.driftguard.judge.cause;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.JsonNode;
import io.driftguard.core.finding.Finding;
import io.driftguard.core.json.Json;
import io.driftguard.core.vocabulary.Cause;
import io.driftguard.core.vocabulary.Term;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The trained cause model at serving time: an ONNX {@code TreeEnsembleClassifier} scored with
 * onnxruntime, plus the temperature calibration stored with it. Construction checks that the file
 * exists and that it was trained on the feature schema this build's {@link CauseFeatures}
 * extracts, and fails with a message that says what to do otherwise.
 *
 * <p>Serializable so a Flink operator can carry it: the bytes travel, the native session does
 * not. The operator calls {@link #open()} once per instance and {@link #close()} at the end;
 * {@link #score} opens lazily if needed. One session is shared by the calling thread; onnxruntime
 * sessions are thread-safe for {@code run}.
 */
public final class CauseModel implements AutoCloseable, Serializable {

    private static final long serialVersionUID = 1L;

    /** Where the build ships the model. */
    public static final String CLASSPATH_LOCATION = "/models/cause.onnx";
    /** The sidecar beside {@code cause.onnx}, the same metadata in readable form. */
    public static final String SIDECAR_NAME = "cause.json";

    /** The name findings give the model in {@code cause_model}. */
    public static final String NAME = "cause";

    static final String INPUT = "features";
    static final String PROBABILITIES = "probabilities";
    private static final int BATCH = 1024;

    private final byte[] onnx;
    private final String origin;
    private final ModelMetadata metadata;
    private final Finding.CauseModelRef ref;
    private transient OrtSession session;

    private CauseModel(byte[] onnx, String origin, CauseFeatures features) {
        this.onnx = onnx;
        this.origin = origin;
        this.session = newSession(onnx, origin);
        boolean ok = false;
        try {
            this.metadata = ModelMetadata.fromProps(customMetadata(session, origin), origin);
            this.ref = new Finding.CauseModelRef(NAME, digest(onnx), metadata.schemaHash());
            check(features);
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    /** The model the build ships, {@value #CLASSPATH_LOCATION}. */
    public static CauseModel fromClasspath(CauseFeatures features) {
        try (InputStream in = CauseModel.class.getResourceAsStream(CLASSPATH_LOCATION)) {
            if (in == null) {
                throw new CauseModelException("no cause model on the classpath at " + CLASSPATH_LOCATION
                        + ": train one with `driftguard train` (it writes judge/src/main/resources/models/cause.onnx)");
            }
            String origin = "classpath:" + CLASSPATH_LOCATION;
            byte[] bytes = in.readAllBytes();
            JsonNode sidecar = readSidecar(CauseModel.class.getResourceAsStream("/models/" + SIDECAR_NAME));
            return withSidecar(new CauseModel(bytes, origin, features), sidecar);
        } catch (IOException e) {
            throw new CauseModelException(
                    "cannot read the cause model " + CLASSPATH_LOCATION + ": " + e.getMessage(), e);
        }
    }

    /** A model file, for example one a user trained with {@code driftguard train --output DIR}. */
    public static CauseModel fromPath(Path file, CauseFeatures features) {
        if (!Files.isRegularFile(file)) {
            throw new CauseModelException("no cause model at " + file.toAbsolutePath()
                    + ": train one with `driftguard train --output "
                    + (file.getParent() == null ? "." : file.getParent())
                    + "` or leave the model path unset to use the built-in model");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            Path side = file.resolveSibling(SIDECAR_NAME);
            JsonNode sidecar = Files.isRegularFile(side) ? readSidecar(Files.newInputStream(side)) : null;
            return withSidecar(new CauseModel(bytes, file.toString(), features), sidecar);
        } catch (IOException e) {
            throw new CauseModelException("cannot read the cause model " + file + ": " + e.getMessage(), e);
        }
    }

    /** A model held in memory (tests, or a model fetched from elsewhere). */
    public static CauseModel fromBytes(byte[] onnx, String origin, CauseFeatures features) {
        return new CauseModel(onnx.clone(), origin, features);
    }

    private static JsonNode readSidecar(InputStream in) throws IOException {
        if (in == null) {
            return null;
        }
        try (in) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static CauseModel withSidecar(CauseModel model, JsonNode sidecar) {
        if (sidecar != null) {
            String hash = sidecar.path("feature_schema_hash").asText(null);
            if (hash != null && !hash.equals(model.metadata.schemaHash())) {
                model.close();
                throw new CauseModelException("the sidecar " + SIDECAR_NAME + " beside " + model.origin
                        + " describes feature schema " + hash + " but the model says " + model.metadata.schemaHash()
                        + ": the two files come from different trainings; copy both from one `driftguard train` run");
            }
        }
        return model;
    }

    private void check(CauseFeatures features) {
        int width = inputWidth();
        boolean same = metadata.schemaHash().equals(features.schemaHash())
                && metadata.featureNames().equals(features.names())
                && width == features.size();
        if (!same) {
            throw new CauseModelException("the cause model " + origin + " was trained on feature schema "
                    + metadata.schemaHash() + " (version " + metadata.featureVersion() + ", "
                    + metadata.featureNames().size() + " features, input width " + width + "), this build extracts "
                    + features.schemaHash() + " (version " + features.version() + ", " + features.size()
                    + " features): retrain with `driftguard train`");
        }
        if (!metadata.classes().equals(Term.ids(Cause.class))) {
            throw new CauseModelException("the cause model " + origin + " predicts classes " + metadata.classes()
                    + ", this build expects " + Term.ids(Cause.class) + ": retrain with `driftguard train`");
        }
    }

    private int inputWidth() {
        try {
            NodeInfo in = session.getInputInfo().get(INPUT);
            if (in == null || !(in.getInfo() instanceof TensorInfo t) || t.getShape().length != 2) {
                throw new CauseModelException("the cause model " + origin + " has no 2-D float input named '" + INPUT
                        + "': it was not written by `driftguard train`");
            }
            return (int) t.getShape()[1];
        } catch (OrtException e) {
            throw new CauseModelException("cannot inspect the cause model " + origin + ": " + e.getMessage(), e);
        }
    }

    private static OrtSession newSession(byte[] onnx, String origin) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                // The job's parallelism is Flink's; one thread per operator keeps cores for the rest of it.
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                return env.createSession(onnx, options);
            }
        } catch (OrtException e) {
            throw new CauseModelException(
                    "the cause model " + origin + " is not a loadable ONNX model: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> customMetadata(OrtSession session, String origin) {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new CauseModelException("cannot read the metadata of the cause model " + origin, e);
        }
    }

    /** Opens the native session if it is not open (after deserialisation in a Flink task). */
    public synchronized void open() {
        if (session == null) {
            session = newSession(onnx, origin);
        }
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    /** The causes in the order of every probability vector {@link #score} returns. */
    /** What a finding judged by this model carries as {@code cause_model}. */
    public Finding.CauseModelRef ref() {
        return ref;
    }

    /** A model file's version as findings and the registry name it (see {@link #digest}). */
    public static String versionOf(byte[] onnx) {
        return digest(onnx);
    }

    /** The model file's identity: the first 12 hex digits of the SHA-256 of its bytes. */
    static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public List<String> classes() {
        return metadata.classes();
    }

    /** Calibrated probabilities over the five causes for one feature vector. */
    public float[] score(float[] row) {
        return score(List.of(row)).get(0);
    }

    /** Calibrated probabilities over the five causes, one array per row, in row order. */
    public List<float[]> score(List<float[]> rows) {
        open();
        int width = metadata.featureNames().size();
        int classes = metadata.classes().size();
        List<float[]> out = new ArrayList<>(rows.size());
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (int from = 0; from < rows.size(); from += BATCH) {
            int n = Math.min(BATCH, rows.size() - from);
            FloatBuffer in = FloatBuffer.allocate(n * width);
            for (int i = 0; i < n; i++) {
                float[] r = rows.get(from + i);
                if (r.length != width) {
                    throw new IllegalArgumentException(
                            "row " + (from + i) + " has " + r.length + " features, the model reads " + width);
                }
                in.put(r);
            }
            in.flip();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, in, new long[] {n, width});
                    OrtSession.Result result = session.run(Map.of(INPUT, tensor), Set.of(PROBABILITIES))) {
                FloatBuffer p = ((OnnxTensor) result.get(PROBABILITIES).orElseThrow()).getFloatBuffer();
                for (int i = 0; i < n; i++) {
                    float[] row = new float[classes];
                    p.get(row);
                    Calibration.apply(row, metadata.temperature());
                    out.add(row);
                }
            } catch (OrtException e) {
                throw new CauseModelException(
                        "scoring with the cause model " + origin + " failed: " + e.getMessage(), e);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                // Closing frees native memory only; nothing a caller could do about a failure.
            }
            session = null;
        }
    }
}
