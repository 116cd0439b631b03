package org.facilitymonitor.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.assets.PlausibleRange;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.telemetry.LineProtocol;
import org.facilitymonitor.telemetry.SeriesKeys;

/**
 * Turns one MQTT data message into line-protocol records and rejections, following contract v1.
 * Pure: no I/O, the registry comes as a snapshot and "now" from the clock, so every rule has a
 * plain unit test.
 */
public final class BatchDecoder {

    /** Limits the decoder enforces; see {@link IngestConfig}. */
    public record Limits(int maxPayloadBytes, int maxReadings, int maxNestingDepth, Duration maxPast,
            Duration maxFuture, Period historicalMaxAge, boolean requireEdge) {

        public Limits(int maxPayloadBytes, int maxReadings, int maxNestingDepth, Duration maxPast, Duration maxFuture,
                Period historicalMaxAge) {
            this(maxPayloadBytes, maxReadings, maxNestingDepth, maxPast, maxFuture, historicalMaxAge, false);
        }

        static Limits of(IngestConfig config) {
            return new Limits(config.maxPayloadBytes(), config.maxReadings(), config.maxNestingDepth(),
                    config.maxPast(), config.maxFuture(), config.historicalMaxAge(), config.requireEdge());
        }
    }

    /** Accepted timestamps (epoch ms, inclusive) of one batch, and how to explain a reading outside them. */
    private record Window(long oldest, long newest, boolean historical, String oldestLimit) {
        static Window of(Limits limits, Instant now, boolean historical) {
            long live = now.minus(limits.maxPast()).toEpochMilli();
            long newest = now.plus(limits.maxFuture()).toEpochMilli();
            if (!historical) {
                return new Window(live, newest, false, "the live window's start, now − " + days(limits.maxPast())
                        + " (fm.ingest.max-past; a batch marked historical may go back "
                        + limits.historicalMaxAge() + ")");
            }
            long history = now.atZone(ZoneOffset.UTC).minus(limits.historicalMaxAge()).toInstant().toEpochMilli();
            return new Window(Math.min(live, history), newest, true, "the limit of historical batches, now − "
                    + limits.historicalMaxAge() + " (fm.ingest.historical-max-age)");
        }

        /** P30D rather than Duration's PT720H, as the setting is usually written. */
        private static String days(Duration d) {
            return d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
        }

        String explain(long ts, Limits limits) {
            String at = "ts " + ts + " (" + Instant.ofEpochMilli(ts) + ") of a " + (historical ? "historical" : "live")
                    + " batch ";
            if (ts > newest) {
                return at + "is after now + " + limits.maxFuture() + " (" + Instant.ofEpochMilli(newest)
                        + ", fm.ingest.max-future)";
            }
            return at + "is before " + oldestLimit + ", " + Instant.ofEpochMilli(oldest);
        }
    }

    private static final int CONTRACT_VERSION = 1;
    private static final String RESERVED_EDGE_DEAD_LETTER = "dead-letter";
    private static final String RESERVED_EDGE_ALERTS = "alerts";

    /** The series keys of one catalog snapshot, built when a new snapshot is first seen. */
    private record SnapshotKeys(PointCatalog.Snapshot snapshot, Map<String, String> byPoint) {
    }

    private final Limits limits;
    private final Clock clock;
    private final ObjectMapper json;
    private volatile SnapshotKeys seriesKeys;

    public BatchDecoder(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        JsonFactory factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxNumberLength(400)
                        .maxStringLength(limits.maxPayloadBytes())
                        .build())
                .build();
        this.json = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private Map<String, String> seriesKeys(PointCatalog.Snapshot catalog) {
        SnapshotKeys keys = seriesKeys;
        if (keys == null || keys.snapshot() != catalog) {
            keys = new SnapshotKeys(catalog, SeriesKeys.byPoint(catalog.points().values()));
            seriesKeys = keys;
        }
        return keys.byPoint();
    }

    public DecodedBatch decode(String topic, byte[] payload, PointCatalog.Snapshot catalog) {
        String[] levels = topic.split("/", -1);
        if (levels.length != 5 || !"fm".equals(levels[0]) || !"v1".equals(levels[1]) || !"data".equals(levels[4])) {
            return DecodedBatch.rejected(null, null, RejectReason.BAD_TOPIC,
                    "topic '" + printable(topic) + "' is not fm/v1/{site}/{edge}/data");
        }
        String site = levels[2];
        String edge = levels[3];
        if (!Ids.isValid(site) || !Ids.isValid(edge)) {
            String bad = Ids.isValid(site) ? "edge '" + printable(edge) + "'" : "site '" + printable(site) + "'";
            return DecodedBatch.rejected(null, null, RejectReason.INVALID_ID,
                    bad + " in the topic is not an id: lowercase letters, digits and '-'");
        }
        if (edge.equals(RESERVED_EDGE_DEAD_LETTER) || edge.equals(RESERVED_EDGE_ALERTS)) {
            return DecodedBatch.rejected(site, null, RejectReason.INVALID_ID, "edge id '" + edge + "' is reserved");
        }
        if (payload.length > limits.maxPayloadBytes()) {
            return DecodedBatch.rejected(site, edge, RejectReason.TOO_LARGE,
                    "payload has " + payload.length + " bytes; the limit is " + limits.maxPayloadBytes());
        }
        if (!isUtf8(payload)) {
            return DecodedBatch.rejected(site, edge, RejectReason.NOT_UTF8, "payload is not valid UTF-8");
        }
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (StreamConstraintsException e) {
            return DecodedBatch.rejected(site, edge, RejectReason.SCHEMA, "payload exceeds a JSON limit: "
                    + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
                return DecodedBatch.rejected(site, edge, RejectReason.SCHEMA, e.getOriginalMessage());
            }
            return DecodedBatch.rejected(site, edge, RejectReason.NOT_JSON, "payload is not JSON: "
                    + e.getOriginalMessage() + location(e));
        } catch (IOException e) {
            return DecodedBatch.rejected(site, edge, RejectReason.NOT_JSON, "payload is not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            return DecodedBatch.rejected(site, edge, RejectReason.NOT_JSON, "payload is empty");
        }
        if (!root.isObject()) {
            return DecodedBatch.rejected(site, edge, RejectReason.SCHEMA,
                    "payload is a JSON " + root.getNodeType().name().toLowerCase() + ", expected an object");
        }
        return decodeBatch(root, site, edge, catalog);
    }

    private DecodedBatch decodeBatch(JsonNode root, String site, String edge, PointCatalog.Snapshot catalog) {
        // A batch refused whole still names its seq when it has a readable one, so its edge gets a receipt.
        JsonNode seqNode = root.get("seq");
        boolean seqReadable = seqNode != null && seqNode.isIntegralNumber() && seqNode.canConvertToLong() && seqNode.asLong() >= 0;
        long readableSeq = seqReadable ? seqNode.asLong() : -1;
        JsonNode v = root.get("v");
        if (v == null || !v.isIntegralNumber()) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field 'v' (contract version) is missing or not an integer");
        }
        if (v.asLong() != CONTRACT_VERSION) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.UNSUPPORTED_VERSION,
                    "contract version " + v.asText() + " is not supported; this service speaks version 1");
        }
        for (String field : List.of("site", "edge")) {
            JsonNode node = root.get(field);
            if (node == null || !node.isTextual()) {
                return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field '" + field + "' is missing or not a string");
            }
            String expected = field.equals("site") ? site : edge;
            if (!node.textValue().equals(expected)) {
                return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.TOPIC_MISMATCH, "field '" + field + "' is '"
                        + printable(node.textValue()) + "' but the topic says '" + expected + "'");
            }
        }
        if (!seqReadable) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field 'seq' is missing or not an integer >= 0");
        }
        JsonNode historicalNode = root.get("historical");
        if (historicalNode != null && !historicalNode.isBoolean() && !historicalNode.isNull()) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field 'historical' must be true or false");
        }
        JsonNode readings = root.get("readings");
        if (readings == null || !readings.isArray()) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field 'readings' is missing or not an array");
        }
        if (readings.isEmpty() || readings.size() > limits.maxReadings()) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.SCHEMA, "field 'readings' has " + readings.size()
                    + " items; 1 to " + limits.maxReadings() + " are allowed");
        }
        if (!catalog.sites().contains(site)) {
            return DecodedBatch.rejected(site, edge, readableSeq, RejectReason.UNKNOWN_SITE, "site '" + site + "' is not in the registry");
        }
        boolean historical = historicalNode != null && historicalNode.asBoolean();
        return decodeReadings(readings, site, edge, readableSeq, historical, catalog);
    }

    private DecodedBatch decodeReadings(JsonNode readings, String site, String edge, long seq, boolean historical,
            PointCatalog.Snapshot catalog) {
        Window window = Window.of(limits, clock.instant(), historical);
        int count = readings.size();
        List<String> lines = new ArrayList<>(count);
        long[] timestamps = new long[count];
        String[] points = new String[count];
        double[] values = new double[count];
        List<Rejection> rejections = new ArrayList<>(0);
        Set<String> seen = new HashSet<>(count * 2);
        Map<String, String> seriesKeys = seriesKeys(catalog);
        int unowned = 0;
        for (int i = 0; i < count; i++) {
            JsonNode reading = readings.get(i);
            if (!reading.isObject()) {
                rejections.add(Rejection.ofReading(RejectReason.INVALID_READING, "reading is not an object", i, null));
                continue;
            }
            JsonNode pointNode = reading.get("point");
            if (pointNode == null || !pointNode.isTextual()) {
                rejections.add(Rejection.ofReading(RejectReason.INVALID_READING, "field 'point' is missing or not a string", i, null));
                continue;
            }
            String pointId = pointNode.textValue();
            if (!Ids.isValid(pointId)) {
                rejections.add(Rejection.ofReading(RejectReason.INVALID_ID, "point '" + printable(pointId)
                        + "' is not an id: lowercase letters, digits and '-'", i, null));
                continue;
            }
            JsonNode tsNode = reading.get("ts");
            if (tsNode == null || !tsNode.isIntegralNumber() || !tsNode.canConvertToLong()) {
                rejections.add(Rejection.ofReading(RejectReason.INVALID_READING,
                        "field 'ts' is missing or not an integer (epoch milliseconds)", i, pointId));
                continue;
            }
            JsonNode value = reading.get("value");
            if (value == null || value.isNull()) {
                rejections.add(Rejection.ofReading(RejectReason.INVALID_READING, "field 'value' is missing", i, pointId));
                continue;
            }
            PointBinding point = catalog.points().get(pointId);
            if (point == null || !point.siteId().equals(site)) {
                rejections.add(Rejection.ofReading(RejectReason.UNKNOWN_POINT,
                        "point '" + pointId + "' is not in the registry of site '" + site + "'", i, pointId));
                continue;
            }
            // The topic's edge is the publisher's identity: the broker lets an account publish only its own topics.
            String owner = point.edgeId();
            if (owner == null) {
                unowned++;
                if (limits.requireEdge()) {
                    rejections.add(Rejection.ofReading(RejectReason.NOT_OWNER, "point '" + pointId
                            + "' has no edge in the registry (its asset names none) and fm.ingest.require-edge is on",
                            i, pointId));
                    continue;
                }
            } else if (!owner.equals(edge)) {
                rejections.add(Rejection.ofReading(RejectReason.NOT_OWNER, "point '" + pointId
                        + "' is served by edge '" + owner + "', not '" + edge + "'", i, pointId));
                continue;
            }
            long ts = tsNode.asLong();
            String line = encode(point, seriesKeys.get(pointId), value, seq, ts, i, rejections);
            if (line == null) {
                continue;
            }
            if (ts < window.oldest() || ts > window.newest()) {
                rejections.add(Rejection.ofReading(RejectReason.TIMESTAMP_OUT_OF_WINDOW,
                        window.explain(ts, limits), i, pointId));
                continue;
            }
            if (!seen.add(pointId + '@' + ts)) {
                rejections.add(Rejection.ofReading(RejectReason.DUPLICATE_READING,
                        "a reading of point '" + pointId + "' at ts " + ts + " came earlier in this batch", i, pointId));
                continue;
            }
            timestamps[lines.size()] = ts;
            points[lines.size()] = pointId;
            values[lines.size()] = numeric(value);
            lines.add(line);
        }
        int n = lines.size();
        long[] stored = n == count ? timestamps : java.util.Arrays.copyOf(timestamps, n);
        return new DecodedBatch(site, edge, seq, historical, lines, stored,
                n == count ? points : java.util.Arrays.copyOf(points, n), n == count ? values : java.util.Arrays.copyOf(values, n),
                rejections, count, unowned);
    }

    /** A value that passed {@link #encode}: true/false as 1/0, numbers as they are. */
    private static double numeric(JsonNode value) {
        return value.isBoolean() ? (value.booleanValue() ? 1 : 0) : value.doubleValue();
    }

    /** The reading as a line, or null after adding the reason its value does not fit the point. */
    private static String encode(PointBinding point, String seriesKey, JsonNode value, long seq, long ts, int index,
            List<Rejection> rejections) {
        if (point.kind() == PointKind.STATE) {
            long code;
            if (value.isBoolean()) {
                code = value.booleanValue() ? 1 : 0;
            } else if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0) {
                code = value.asLong();
            } else {
                rejections.add(Rejection.ofReading(RejectReason.WRONG_TYPE, "state point '" + point.pointId()
                        + "' takes true/false or an integer state code >= 0, got " + describe(value), index,
                        point.pointId()));
                return null;
            }
            return LineProtocol.integerLine(seriesKey, point.field(), code, seq, ts);
        }
        if (!value.isNumber()) {
            rejections.add(Rejection.ofReading(RejectReason.WRONG_TYPE, point.kind().wireName() + " point '"
                    + point.pointId() + "' takes a number, got " + describe(value), index, point.pointId()));
            return null;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            rejections.add(Rejection.ofReading(RejectReason.NON_FINITE, "value of point '" + point.pointId()
                    + "' is " + value.asText() + "; only finite numbers are stored", index, point.pointId()));
            return null;
        }
        if (point.kind() == PointKind.CUMULATIVE && number < 0) {
            rejections.add(Rejection.ofReading(RejectReason.NEGATIVE_COUNTER, "cumulative point '" + point.pointId()
                    + "' cannot be negative, got " + number, index, point.pointId()));
            return null;
        }
        PlausibleRange range = point.plausible();
        if (range != null && !range.contains(number)) {
            rejections.add(Rejection.ofReading(RejectReason.OUT_OF_RANGE, "value " + PlausibleRange.format(number)
                    + " of point '" + point.pointId() + "' is outside its plausible range " + range.describe() + " ("
                    + range.origin() + ")", index, point.pointId()));
            return null;
        }
        return LineProtocol.floatLine(seriesKey, point.field(), number, seq, ts);
    }

    private static String describe(JsonNode value) {
        String type = value.isTextual() ? "a string" : value.isBoolean() ? "a boolean" : value.isObject() ? "an object"
                : value.isArray() ? "an array" : "the number";
        String text = value.isContainerNode() ? "" : " " + printable(value.asText());
        return type + text;
    }

    private static boolean isUtf8(byte[] payload) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
    }

    /** Caps and cleans text copied from a payload into a message. */
    static String printable(String text) {
        String capped = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        StringBuilder out = new StringBuilder(capped.length());
        capped.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
