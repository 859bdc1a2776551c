package io.driftguard.judge.cause;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a cause model file says about itself, kept in the ONNX model's {@code metadata_props} (and
 * repeated in the sidecar {@code cause.json} for people and tools): the feature schema it was
 * trained on, its class order and its calibration.
 *
 * @param featureVersion {@link io.driftguard.judge.cause.CauseFeatures#version()} at training
 * @param schemaHash {@link io.driftguard.judge.cause.CauseFeatures#schemaHash()} at training
 * @param featureNames the input columns in order
 * @param classes the causes, in the order of the probability vector
 * @param temperature softmax temperature fitted on held-out data (1 = none)
 * @param trainedOn a one-line description of the training data
 */
public record ModelMetadata(
        int featureVersion,
        String schemaHash,
        List<String> featureNames,
        List<String> classes,
        double temperature,
        String trainedOn)
        implements java.io.Serializable {

    static final String FEATURE_VERSION = "driftguard.feature_version";
    static final String SCHEMA_HASH = "driftguard.feature_schema_hash";
    static final String FEATURE_NAMES = "driftguard.feature_names";
    static final String CLASSES = "driftguard.classes";
    static final String TEMPERATURE = "driftguard.calibration.temperature";
    static final String TRAINED_ON = "driftguard.trained_on";

    public ModelMetadata {
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
    }

    /**
     * The generator seeds the model was trained, calibrated and tested on, as {@code trainedOn}
     * records them ({@code "seeds 1..10 (…)"} or {@code "seeds 3,5,8 (…)"}); empty when it names
     * none. A quality gate must score a seed outside this set, or it measures memory, not judgement.
     */
    public Set<Long> trainingSeeds() {
        Set<Long> out = new TreeSet<>();
        if (trainedOn == null || !trainedOn.startsWith("seeds ")) {
            return out;
        }
        String spec = trainedOn.substring("seeds ".length()).split("[ (]", 2)[0].trim();
        try {
            if (spec.contains("..")) {
                String[] ab = spec.split("\\.\\.", 2);
                for (long s = Long.parseLong(ab[0]); s <= Long.parseLong(ab[1]); s++) {
                    out.add(s);
                }
            } else {
                for (String s : spec.split(",")) {
                    if (!s.isBlank()) {
                        out.add(Long.parseLong(s.trim()));
                    }
                }
            }
        } catch (NumberFormatException e) {
            return new TreeSet<>();
        }
        return out;
    }

    /** The world every model trained before the generator had worlds saw. */
    public static final String FIRST_WORLD = "acme";

    /**
     * The generator worlds ({@code driftguard generate --world}) the model was trained or calibrated
     * on, as {@code trainedOn} records them ({@code "seeds 1..10 (worlds acme,startup; calibration world
     * regulated; …)"}, every {@code world} or {@code worlds} list); a model
     * that names seeds and no worlds was trained before worlds existed, on {@value #FIRST_WORLD}
     * alone; empty when it names neither. A quality gate must score a world outside this set, or it
     * measures the organisation the model learnt, not judgement.
     */
    public Set<String> trainingWorlds() {
        Set<String> out = new TreeSet<>();
        if (trainedOn == null) {
            return out;
        }
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("\\bworlds? ([a-z0-9_,-]+)").matcher(trainedOn);
        while (m.find()) {
            for (String w : m.group(1).split(",")) {
                if (!w.isBlank()) {
                    out.add(w.trim());
                }
            }
        }
        if (out.isEmpty() && !trainingSeeds().isEmpty()) {
            out.add(FIRST_WORLD);
        }
        return out;
    }

    /** As ONNX {@code metadata_props}, in a fixed order (the model bytes must be reproducible). */
    public Map<String, String> toProps() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FEATURE_VERSION, String.valueOf(featureVersion));
        m.put(SCHEMA_HASH, schemaHash);
        m.put(FEATURE_NAMES, String.join(",", featureNames));
        m.put(CLASSES, String.join(",", classes));
        m.put(TEMPERATURE, Double.toString(temperature));
        m.put(TRAINED_ON, trainedOn == null ? "" : trainedOn);
        return m;
    }

    /** Reads the props back; a model without them was not written by {@code driftguard train}. */
    static ModelMetadata fromProps(Map<String, String> props, String origin) {
        for (String key : List.of(FEATURE_VERSION, SCHEMA_HASH, FEATURE_NAMES, CLASSES)) {
            if (!props.containsKey(key)) {
                throw new CauseModelException("the cause model " + origin + " carries no " + key
                        + " metadata, so its input schema is unknown: retrain with `driftguard train`");
            }
        }
        double t;
        try {
            t = Double.parseDouble(props.getOrDefault(TEMPERATURE, "1"));
        } catch (NumberFormatException e) {
            throw new CauseModelException(
                    "the cause model " + origin + " has an unreadable " + TEMPERATURE + ": " + props.get(TEMPERATURE));
        }
        String names = props.get(FEATURE_NAMES);
        return new ModelMetadata(
                Integer.parseInt(props.get(FEATURE_VERSION)),
                props.get(SCHEMA_HASH),
                names.isEmpty() ? List.of() : List.of(names.split(",")),
                List.of(props.get(CLASSES).split(",")),
                t,
                props.get(TRAINED_ON));
    }
}
