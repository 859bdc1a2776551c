package io.driftguard.models.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts a multi-class XGBoost model ({@code multi:softprob}, gbtree) from XGBoost's own JSON
 * model format ({@code Booster.toByteArray("json")}) into an ONNX model holding exactly one
 * {@code ai.onnx.ml.TreeEnsembleClassifier} node with {@code post_transform = SOFTMAX}.
 *
 * <p>Graph contract: input {@value #INPUT} float [N, F]; outputs {@value #LABEL} int64 [N] and
 * {@value #PROBABILITIES} float [N, C] (plain tensors, no ZipMap). XGBoost sends a row left when
 * {@code x < split_condition} and follows {@code default_left} for missing values, which is ONNX's
 * {@code BRANCH_LT} with {@code nodes_missing_value_tracks_true}. The per-class intercept
 * ({@code base_score}, a list since XGBoost 3) becomes {@code base_values}; for softmax XGBoost
 * stores it in margin space, so it is copied as is. The output bytes depend only on the inputs,
 * so the same booster always converts to the same file.
 */
public final class XgboostToOnnx {

    public static final String INPUT = "features";
    public static final String LABEL = "label";
    public static final String PROBABILITIES = "probabilities";
    private static final String ML_DOMAIN = "ai.onnx.ml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private XgboostToOnnx() {}

    /**
     * @param xgboostJson the booster saved as JSON
     * @param featureCount F, the input width (XGBoost's own count may be lower if trailing features never split)
     * @param metadata stored as the model's {@code metadata_props}, in the given order
     * @return the serialised ONNX model
     */
    public static byte[] convert(byte[] xgboostJson, int featureCount, Map<String, String> metadata) {
        JsonNode learner;
        try {
            learner = JSON.readTree(xgboostJson).path("learner");
        } catch (IOException e) {
            throw new IllegalArgumentException("not an XGBoost JSON model: " + e.getMessage(), e);
        }
        String objective = learner.path("objective").path("name").asText();
        if (!objective.equals("multi:softprob") && !objective.equals("multi:softmax")) {
            throw new IllegalArgumentException(
                    "only multi:softprob / multi:softmax models convert; this one is " + objective);
        }
        JsonNode params = learner.path("learner_model_param");
        int classes = Integer.parseInt(params.path("num_class").asText());
        float[] base = baseScores(params.path("base_score").asText(), classes);
        JsonNode model = learner.path("gradient_booster").path("model");
        if (!"gbtree".equals(learner.path("gradient_booster").path("name").asText())) {
            throw new IllegalArgumentException("only the gbtree booster converts");
        }
        JsonNode trees = model.path("trees");
        JsonNode treeInfo = model.path("tree_info");

        Ints treeIds = new Ints();
        Ints nodeIds = new Ints();
        Ints featureIds = new Ints();
        Ints trueIds = new Ints();
        Ints falseIds = new Ints();
        Ints missingTrue = new Ints();
        List<Float> values = new ArrayList<>();
        List<ByteString> modes = new ArrayList<>();
        Ints classTree = new Ints();
        Ints classNode = new Ints();
        Ints classId = new Ints();
        List<Float> classWeights = new ArrayList<>();
        ByteString leaf = ByteString.copyFromUtf8("LEAF");
        ByteString branch = ByteString.copyFromUtf8("BRANCH_LT");

        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            JsonNode split = tree.path("split_type");
            JsonNode left = tree.path("left_children");
            JsonNode right = tree.path("right_children");
            JsonNode conditions = tree.path("split_conditions");
            JsonNode indices = tree.path("split_indices");
            JsonNode defaultLeft = tree.path("default_left");
            int cls = treeInfo.get(t).asInt();
            for (int n = 0; n < left.size(); n++) {
                treeIds.add(t);
                nodeIds.add(n);
                if (left.get(n).asInt() == -1) {
                    modes.add(leaf);
                    featureIds.add(0);
                    values.add(0f);
                    trueIds.add(0);
                    falseIds.add(0);
                    missingTrue.add(0);
                    classTree.add(t);
                    classNode.add(n);
                    classId.add(cls);
                    classWeights.add((float) conditions.get(n).asDouble());
                } else {
                    if (split.isArray() && split.size() > n && split.get(n).asInt() != 0) {
                        throw new IllegalArgumentException("categorical splits do not convert: one-hot encode instead");
                    }
                    modes.add(branch);
                    featureIds.add(indices.get(n).asInt());
                    values.add((float) conditions.get(n).asDouble());
                    trueIds.add(left.get(n).asInt());
                    falseIds.add(right.get(n).asInt());
                    JsonNode dl = defaultLeft.get(n);
                    missingTrue.add(dl.isBoolean() ? (dl.asBoolean() ? 1 : 0) : dl.asInt());
                }
            }
        }
        Ints labels = new Ints();
        List<Float> baseValues = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            labels.add(c);
            baseValues.add(base[c]);
        }

        NodeProto node = NodeProto.newBuilder()
                .setName("cause_trees")
                .setOpType("TreeEnsembleClassifier")
                .setDomain(ML_DOMAIN)
                .addInput(INPUT)
                .addOutput(LABEL)
                .addOutput(PROBABILITIES)
                .addAttribute(ints("nodes_treeids", treeIds))
                .addAttribute(ints("nodes_nodeids", nodeIds))
                .addAttribute(ints("nodes_featureids", featureIds))
                .addAttribute(strings("nodes_modes", modes))
                .addAttribute(floats("nodes_values", values))
                .addAttribute(ints("nodes_truenodeids", trueIds))
                .addAttribute(ints("nodes_falsenodeids", falseIds))
                .addAttribute(ints("nodes_missing_value_tracks_true", missingTrue))
                .addAttribute(ints("class_treeids", classTree))
                .addAttribute(ints("class_nodeids", classNode))
                .addAttribute(ints("class_ids", classId))
                .addAttribute(floats("class_weights", classWeights))
                .addAttribute(ints("classlabels_int64s", labels))
                .addAttribute(floats("base_values", baseValues))
                .addAttribute(AttributeProto.newBuilder()
                        .setName("post_transform")
                        .setType(AttributeProto.AttributeType.STRING)
                        .setS(ByteString.copyFromUtf8("SOFTMAX")))
                .build();
        GraphProto graph = GraphProto.newBuilder()
                .setName("driftguard_cause")
                .addNode(node)
                .addInput(tensor(INPUT, TensorProto.DataType.FLOAT, featureCount))
                .addOutput(tensor(LABEL, TensorProto.DataType.INT64, -1))
                .addOutput(tensor(PROBABILITIES, TensorProto.DataType.FLOAT, classes))
                .build();
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(8)
                .setProducerName("driftguard")
                .setProducerVersion("xgboost-to-onnx/1")
                .setDomain("io.driftguard")
                .setModelVersion(1)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .addOpsetImport(
                        OperatorSetIdProto.newBuilder().setDomain(ML_DOMAIN).setVersion(3))
                .setGraph(graph);
        metadata.forEach((k, v) ->
                m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    /** XGBoost 3 writes {@code "[2E-1,2E-1,…]"}; older versions one number for all classes. */
    static float[] baseScores(String text, int classes) {
        String s = text.trim();
        float[] out = new float[classes];
        if (s.startsWith("[")) {
            String[] parts = s.substring(1, s.length() - 1).split(",");
            if (parts.length != classes) {
                throw new IllegalArgumentException(
                        "base_score has " + parts.length + " values for " + classes + " classes");
            }
            for (int i = 0; i < classes; i++) {
                out[i] = Float.parseFloat(parts[i].trim());
            }
        } else {
            java.util.Arrays.fill(out, Float.parseFloat(s));
        }
        return out;
    }

    private static ValueInfoProto tensor(String name, TensorProto.DataType type, int width) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        if (width > 0) {
            shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static AttributeProto ints(String name, Ints v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INTS)
                .addAllInts(v.values)
                .build();
    }

    private static AttributeProto floats(String name, List<Float> v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.FLOATS)
                .addAllFloats(v)
                .build();
    }

    private static AttributeProto strings(String name, List<ByteString> v) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.STRINGS)
                .addAllStrings(v)
                .build();
    }

    /** A growing list of int64 attribute values. */
    private static final class Ints {
        final List<Long> values = new ArrayList<>();

        void add(long v) {
            values.add(v);
        }
    }
}
