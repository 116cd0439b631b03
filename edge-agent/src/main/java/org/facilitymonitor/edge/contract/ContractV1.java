package org.facilitymonitor.edge.contract;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Codec and topic names of the MQTT wire contract v1 (contract/README.md).
 *
 * <p>{@link #encode} validates everything an edge can get wrong on its own, so that an invalid
 * message never reaches the wire. What needs the registry (point kinds, unknown points) or the
 * service's clock (timestamp window) is checked by the service.
 */
public final class ContractV1 {

    public static final int VERSION = 1;
    public static final int MAX_READINGS = 5_000;
    /** The service's default limit of a data message (fm.ingest.max-payload-bytes); a larger one is rejected whole. */
    public static final int MAX_PAYLOAD_BYTES = 262_144;
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    /** Segments at the site level of the topic tree that cannot be edge ids. */
    public static final Set<String> RESERVED_EDGE_IDS = Set.of("dead-letter", "alerts");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build())
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(JSON);

    private ContractV1() {
    }

    public static String dataTopic(String site, String edge) {
        return "fm/v1/" + requireId("site", site) + "/" + requireEdgeId("edge", edge) + "/data";
    }

    public static String stateTopic(String site, String edge) {
        return "fm/v1/" + requireId("site", site) + "/" + requireEdgeId("edge", edge) + "/state";
    }

    /** Retained JSON status of an edge (queue depth, oldest queued reading, dropped, last acknowledged seq). */
    public static String statusTopic(String site, String edge) {
        return "fm/v1/" + requireId("site", site) + "/" + requireEdgeId("edge", edge) + "/status";
    }

    /** Delivery receipts of the service to an edge (service → edge, QoS 1, not retained). */
    public static String receiptTopic(String site, String edge) {
        return "fm/v1/" + requireId("site", site) + "/" + requireEdgeId("edge", edge) + "/receipt";
    }

    /** Commands to an edge: {@code fm/v1/{site}/{edge}/cmd/{name}}; {@code name} "+" gives the filter of all. */
    public static String commandTopic(String site, String edge, String name) {
        return "fm/v1/" + requireId("site", site) + "/" + requireEdgeId("edge", edge) + "/cmd/" + name;
    }

    private static final byte[] LIVE_FLAG = "\"historical\":false".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] HISTORICAL_FLAG = "\"historical\":true ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * The same batch marked historical, from a payload {@link #encode} wrote as live: the flag is
     * rewritten in place ({@code true} plus a space has the length of {@code false}), so a queued
     * batch need not be decoded to be backfilled. The flag precedes the readings and no id can
     * contain a quote, so the first occurrence is the batch's own.
     */
    public static byte[] asHistorical(byte[] livePayload) {
        int at = indexOf(livePayload, LIVE_FLAG);
        if (at < 0) {
            throw new IllegalArgumentException("payload has no \"historical\":false flag to rewrite");
        }
        byte[] out = livePayload.clone();
        System.arraycopy(HISTORICAL_FLAG, 0, out, at, HISTORICAL_FLAG.length);
        return out;
    }

    /** True for a payload {@link #encode} wrote as historical (or {@link #asHistorical} rewrote). */
    public static boolean isHistorical(byte[] payload) {
        return indexOf(payload, WRITTEN_HISTORICAL_FLAG) >= 0;
    }

    private static final byte[] WRITTEN_HISTORICAL_FLAG = "\"historical\":true".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static int indexOf(byte[] haystack, byte[] needle) {
        int limit = Math.min(haystack.length - needle.length, 512);
        outer:
        for (int i = 0; i <= limit; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    public static boolean isValidId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Returns {@code id}, or throws an IllegalArgumentException naming {@code field}. */
    public static String requireId(String field, String id) {
        if (!isValidId(id)) {
            throw new IllegalArgumentException(
                    field + ": invalid id " + quote(id) + " (must match " + ID.pattern() + ")");
        }
        return id;
    }

    public static String requireEdgeId(String field, String id) {
        requireId(field, id);
        if (RESERVED_EDGE_IDS.contains(id)) {
            throw new IllegalArgumentException(field + ": " + quote(id) + " is reserved and cannot be an edge id");
        }
        return id;
    }

    /** Throws an IllegalArgumentException naming the first offending field. */
    public static void validate(Batch batch) {
        if (batch.v() != VERSION) {
            throw new IllegalArgumentException("v: unsupported contract version " + batch.v());
        }
        requireId("site", batch.site());
        requireEdgeId("edge", batch.edge());
        if (batch.seq() < 0) {
            throw new IllegalArgumentException("seq: must be >= 0, was " + batch.seq());
        }
        List<Reading> readings = batch.readings();
        if (readings == null || readings.isEmpty()) {
            throw new IllegalArgumentException("readings: must hold at least one reading");
        }
        if (readings.size() > MAX_READINGS) {
            throw new IllegalArgumentException(
                    "readings: " + readings.size() + " readings, at most " + MAX_READINGS + " allowed");
        }
        Set<PointTs> seen = new HashSet<>(readings.size() * 2);
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            String at = "readings[" + i + "]";
            requireId(at + ".point", r.point());
            checkValue(at + ".value", r.value());
            if (!seen.add(new PointTs(r.point(), r.ts()))) {
                throw new IllegalArgumentException(at + ": duplicate reading of point " + r.point()
                        + " at ts " + r.ts() + " (a point may appear once per timestamp)");
            }
        }
    }

    private static void checkValue(String field, Object value) {
        if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException(field + ": non-finite number " + d);
            }
        } else if (!(value instanceof Long || value instanceof Integer || value instanceof Boolean)) {
            throw new IllegalArgumentException(field + ": must be a number or a boolean, was "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }

    public static byte[] encode(Batch batch) {
        validate(batch);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + batch.readings().size() * 72);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", batch.v());
            g.writeStringField("site", batch.site());
            g.writeStringField("edge", batch.edge());
            g.writeNumberField("seq", batch.seq());
            g.writeBooleanField("historical", batch.historical());
            g.writeArrayFieldStart("readings");
            for (Reading r : batch.readings()) {
                g.writeStartObject();
                g.writeStringField("point", r.point());
                g.writeNumberField("ts", r.ts());
                g.writeFieldName("value");
                writeValue(g, r.value());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeValue(JsonGenerator g, Object value) throws IOException {
        // A Double always prints with a fraction or exponent (97.0), a Long never: the JSON number's
        // form is what tells the service a float from an integer state code.
        if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Double || value instanceof Float) {
            g.writeNumber(((Number) value).doubleValue());
        } else {
            g.writeNumber(((Number) value).longValue());
        }
    }

    /**
     * Parses and validates a data message. Integers become {@link Long}, other numbers
     * {@link Double}. Throws an IllegalArgumentException naming the field on any violation.
     */
    public static Batch decode(byte[] payload) {
        JsonNode root = tree(payload);
        long v = integer(root, "v");
        if (v != VERSION) {
            throw new IllegalArgumentException("v: unsupported contract version " + v);
        }
        String site = text(root, "site");
        String edge = text(root, "edge");
        long seq = integer(root, "seq");
        JsonNode hist = root.get("historical");
        if (hist != null && !hist.isBoolean()) {
            throw new IllegalArgumentException("historical: must be a boolean");
        }
        JsonNode readingsNode = root.get("readings");
        if (readingsNode == null || !readingsNode.isArray()) {
            throw new IllegalArgumentException("readings: must be an array");
        }
        List<Reading> readings = new ArrayList<>(readingsNode.size());
        for (int i = 0; i < readingsNode.size(); i++) {
            JsonNode r = readingsNode.get(i);
            String at = "readings[" + i + "]";
            if (!r.isObject()) {
                throw new IllegalArgumentException(at + ": must be an object");
            }
            readings.add(new Reading(text(r, "point", at + ".point"), integer(r, "ts", at + ".ts"),
                    value(r.get("value"), at + ".value")));
        }
        Batch batch = new Batch(VERSION, site, edge, seq, hist != null && hist.booleanValue(), readings);
        validate(batch);
        return batch;
    }

    /**
     * Parses and checks a delivery receipt. Throws an IllegalArgumentException naming the field on any
     * violation (the agent then ignores the whole receipt: its batches are sent again after the timeout).
     */
    public static Receipt decodeReceipt(byte[] payload) {
        JsonNode root = tree(payload);
        long v = integer(root, "v");
        if (v != VERSION) {
            throw new IllegalArgumentException("v: unsupported contract version " + v);
        }
        String site = requireId("site", text(root, "site"));
        String edge = requireEdgeId("edge", text(root, "edge"));
        long at = integer(root, "at");
        JsonNode storedNode = root.get("stored");
        if (storedNode == null || !storedNode.isArray()) {
            throw new IllegalArgumentException("stored: must be an array of [from, to] seq ranges");
        }
        List<Receipt.Range> stored = new ArrayList<>(storedNode.size());
        for (int i = 0; i < storedNode.size(); i++) {
            JsonNode r = storedNode.get(i);
            String where = "stored[" + i + "]";
            if (!r.isArray() || r.size() != 2) {
                throw new IllegalArgumentException(where + ": must be a range [from, to]");
            }
            long from = seq(r.get(0), where + "[0]");
            long to = seq(r.get(1), where + "[1]");
            if (from > to) {
                throw new IllegalArgumentException(where + ": from " + from + " is above to " + to);
            }
            stored.add(new Receipt.Range(from, to));
        }
        JsonNode rejectedNode = root.get("rejected");
        if (rejectedNode == null || !rejectedNode.isArray()) {
            throw new IllegalArgumentException("rejected: must be an array");
        }
        List<Receipt.Rejected> rejected = new ArrayList<>(rejectedNode.size());
        for (int i = 0; i < rejectedNode.size(); i++) {
            JsonNode r = rejectedNode.get(i);
            String where = "rejected[" + i + "]";
            if (!r.isObject()) {
                throw new IllegalArgumentException(where + ": must be an object");
            }
            JsonNode detail = r.get("detail");
            if (detail != null && !detail.isNull() && !detail.isTextual()) {
                throw new IllegalArgumentException(where + ".detail: must be a string");
            }
            rejected.add(new Receipt.Rejected(seq(r.get("seq"), where + ".seq"), text(r, "reason", where + ".reason"),
                    detail == null || detail.isNull() ? "" : detail.textValue()));
        }
        return new Receipt(VERSION, site, edge, at, stored, rejected);
    }

    private static long seq(JsonNode n, String field) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < 0) {
            throw new IllegalArgumentException(field + ": must be a seq (an integer >= 0)");
        }
        return n.longValue();
    }

    private static JsonNode tree(byte[] payload) {
        JsonNode root;
        try (JsonParser p = JSON.createParser(payload)) {
            root = MAPPER.readTree(p);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("payload: trailing content after the JSON object");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload: not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("payload: must be a JSON object");
        }
        return root;
    }

    private static Object value(JsonNode node, String field) {
        if (node == null) {
            throw new IllegalArgumentException(field + ": missing");
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new IllegalArgumentException(field + ": integer out of range");
            }
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        throw new IllegalArgumentException(field + ": must be a number or a boolean");
    }

    private static long integer(JsonNode obj, String name) {
        return integer(obj, name, name);
    }

    private static long integer(JsonNode obj, String name, String field) {
        JsonNode n = obj.get(name);
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(field + ": must be an integer");
        }
        return n.longValue();
    }

    private static String text(JsonNode obj, String name) {
        return text(obj, name, name);
    }

    private static String text(JsonNode obj, String name, String field) {
        JsonNode n = obj.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(field + ": must be a string");
        }
        return n.textValue();
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }

    private record PointTs(String point, long ts) {
    }
}
