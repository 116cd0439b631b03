package org.facilitymonitor.edge.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A command to the simulator's fault injection, as it arrives over MQTT:
 * <pre>
 * {"action":"start","asset":"office-ahu-1","fault":"filter-clogging","params":{"pa-per-day":60}}
 * {"action":"stop","asset":"office-ahu-1","fault":"filter-clogging"}
 * {"action":"clear"}
 * </pre>
 * {@code params} is optional and only allowed with {@code start}; {@code clear} takes no other
 * field. {@code spec} is null for {@code clear}; for {@code stop} its parameters are the defaults.
 */
public record FaultCommand(Action action, FaultSpec spec) {

    public enum Action {
        START, STOP, CLEAR;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Set<String> FIELDS = Set.of("action", "asset", "fault", "params");
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).build())
            .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public FaultCommand {
        if (action == null) {
            throw new IllegalArgumentException("action: missing");
        }
        if ((action == Action.CLEAR) != (spec == null)) {
            throw new IllegalArgumentException("action " + action.id() + (spec == null ? " needs" : " takes no")
                    + " asset and fault");
        }
    }

    public static FaultCommand clear() {
        return new FaultCommand(Action.CLEAR, null);
    }

    public static FaultCommand start(FaultSpec spec) {
        return new FaultCommand(Action.START, spec);
    }

    public static FaultCommand stop(String asset, FaultType type) {
        return new FaultCommand(Action.STOP, new FaultSpec(asset, type));
    }

    /** Reads a command; every error names the field at fault. */
    public static FaultCommand parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("command: not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("command: unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("command: must be a JSON object, was " + describe(root));
        }
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + ": unknown field (action, asset, fault, params)");
            }
        }
        Action action = action(text(root, "action", "start, stop or clear"));
        if (action == Action.CLEAR) {
            for (String field : new String[] {"asset", "fault", "params"}) {
                if (root.has(field)) {
                    throw new IllegalArgumentException(
                            field + ": not allowed with action clear, which stops every fault");
                }
            }
            return clear();
        }
        String asset = text(root, "asset", "an asset id");
        String fault = text(root, "fault", "a fault id");
        FaultType type;
        try {
            type = FaultType.parse(fault);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault: " + e.getMessage(), e);
        }
        if (action == Action.STOP) {
            if (root.has("params")) {
                throw new IllegalArgumentException("params: only allowed with action start");
            }
            return stop(asset, type);
        }
        return start(new FaultSpec(asset, type, params(root.get("params"))));
    }

    public void applyTo(Simulator simulator) {
        switch (action) {
            case START -> simulator.startFault(spec);
            case STOP -> simulator.stopFault(spec.asset(), spec.type());
            case CLEAR -> simulator.clearFaults();
        }
    }

    private static Action action(String id) {
        for (Action a : Action.values()) {
            if (a.id().equals(id)) {
                return a;
            }
        }
        throw new IllegalArgumentException("action: unknown action '" + id + "' (start, stop or clear)");
    }

    private static String text(JsonNode root, String field, String expected) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new IllegalArgumentException(field + ": missing (" + expected + ")");
        }
        if (!node.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string, was " + describe(node));
        }
        return node.textValue();
    }

    private static Map<String, Double> params(JsonNode node) {
        Map<String, Double> params = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return params;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("params: must be an object of numbers, was " + describe(node));
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isNumber()) {
                throw new IllegalArgumentException("params." + e.getKey() + ": must be a number, was "
                        + describe(e.getValue()));
            }
            params.put(e.getKey(), e.getValue().doubleValue());
        }
        return params;
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "empty";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        String text = node.toString();
        return type + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}
