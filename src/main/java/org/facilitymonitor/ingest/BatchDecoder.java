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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.assets.PlausibleRange;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.telemetry.LineBlock;
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
    private record Window(long oldest, long newest, boolean historical) {
        static Window of(Limits limits, Instant now, boolean historical) {
            long live = now.minus(limits.maxPast()).toEpochMilli();
            long newest = now.plus(limits.maxFuture()).toEpochMilli();
            if (!historical) {
                return new Window(live, newest, false);
            }
            long history = now.atZone(ZoneOffset.UTC).minus(limits.historicalMaxAge()).toInstant().toEpochMilli();
            return new Window(Math.min(live, history), newest, true);
        }

        /** P30D rather than Duration's PT720H, as the setting is usually written. */
        private static String days(Duration d) {
            return d.toSeconds() % 86_400 == 0 && d.getNano() == 0 ? "P" + d.toDays() + "D" : d.toString();
        }

        /** Built only for a reading outside the window: every batch has a window, few have such a reading. */
        String explain(long ts, Limits limits) {
            String at = "ts " + ts + " (" + Instant.ofEpochMilli(ts) + ") of a " + (historical ? "historical" : "live")
                    + " batch ";
            if (ts > newest) {
                return at + "is after now + " + limits.maxFuture() + " (" + Instant.ofEpochMilli(newest)
                        + ", fm.ingest.max-future)";
            }
            String oldestLimit = historical
                    ? "the limit of historical batches, now − " + limits.historicalMaxAge() + " (fm.ingest.historical-max-age)"
                    : "the live window's start, now − " + days(limits.maxPast()) + " (fm.ingest.max-past; a batch marked "
                            + "historical may go back " + limits.historicalMaxAge() + ")";
            return at + "is before " + oldestLimit + ", " + Instant.ofEpochMilli(oldest);
        }
    }

    static final int CONTRACT_VERSION = 1;
    private static final String TOPIC_START = "fm/v1/";
    private static final String TOPIC_END = "/data";
    private static final String RESERVED_EDGE_DEAD_LETTER = "dead-letter";
    private static final String RESERVED_EDGE_ALERTS = "alerts";

    /** A point's binding and the start of its lines: series key, space, field and '=' as UTF-8. */
    record PointLine(PointBinding binding, byte[] prefix) {
    }

    /** The line starts of one catalog snapshot, built when a new snapshot is first seen. */
    private record SnapshotKeys(PointCatalog.Snapshot snapshot, Map<String, PointLine> byPoint, PointIndex index) {
    }

    /**
     * Point id → {@link PointLine}, looked up in the payload's own bytes (ids are ASCII): no String per
     * reading, and the batch then carries the registry's id instances, whose hash codes the observers'
     * maps reuse.
     */
    static final class PointIndex {
        private final byte[][] keys;
        private final PointLine[] values;
        private final int mask;

        PointIndex(Map<String, PointLine> byPoint) {
            int size = Integer.highestOneBit(Math.max(8, byPoint.size() * 2)) << 1;
            keys = new byte[size][];
            values = new PointLine[size];
            mask = size - 1;
            byPoint.forEach((id, line) -> {
                byte[] key = id.getBytes(StandardCharsets.US_ASCII);
                int slot = hash(key, 0, key.length) & mask;
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                values[slot] = line;
            });
        }

        PointLine get(byte[] text, int offset, int length) {
            for (int slot = hash(text, offset, length) & mask; keys[slot] != null; slot = (slot + 1) & mask) {
                if (java.util.Arrays.equals(keys[slot], 0, keys[slot].length, text, offset, offset + length)) {
                    return values[slot];
                }
            }
            return null;
        }

        private static int hash(byte[] text, int offset, int length) {
            int h = 0;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + text[i];
            }
            return h ^ (h >>> 16);
        }
    }

    private final Limits limits;
    private final Clock clock;
    private final ObjectMapper json;
    private final ThreadLocal<ValidBatchScanner> scanners = ThreadLocal.withInitial(ValidBatchScanner::new);
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

    /**
     * The common case on the hot path: a batch in which every reading is accepted, read by
     * {@link ValidBatchScanner} into arrays and encoded straight into line-protocol bytes. Returns null at
     * the first thing out of the ordinary (a fault, an unknown field, a duplicate key, an escaped string,
     * a rejected reading), and the tree decoder then gives the one answer with its explanations; the two
     * agree on every batch this accepts (BatchDecoderEquivalenceTest).
     */
    DecodedBatch decodeValid(byte[] payload, String site, String edge, PointCatalog.Snapshot catalog) {
        if (limits.maxNestingDepth() < 3 || !catalog.sites().contains(site)) {
            return null;
        }
        ValidBatchScanner scan = scanners.get();
        if (!scan.scan(payload, site, edge, snapshotKeys(catalog).index(), limits.maxReadings())) {
            return null;
        }
        return encodeValid(site, edge, scan.seq, scan.historical, scan.count, scan.points, scan.found, scan.timestamps,
                scan.values, scan.codes, scan.kinds);
    }

    private DecodedBatch encodeValid(String site, String edge, long seq, boolean historical, int count, String[] points,
            PointLine[] found, long[] timestamps, double[] values, long[] codes, byte[] kinds) {
        Window window = Window.of(limits, clock.instant(), historical);
        byte[] seqSuffix = LineProtocol.seqSuffix(seq);
        int bytes = 0;
        for (int i = 0; i < count; i++) {
            bytes += seqSuffix.length + 40; // value, timestamp, newline
        }
        LineBlock.Builder lines = new LineBlock.Builder(count, bytes);
        PointBinding[] bindings = new PointBinding[count];
        int unowned = 0;
        for (int i = 0; i < count; i++) {
            long ts = timestamps[i];
            // Registry ids are valid ids, so a point found needs no id check.
            PointLine pl = found[i];
            if (!pl.binding().siteId().equals(site) || ts < window.oldest() || ts > window.newest()) {
                return null;
            }
            PointBinding point = pl.binding();
            String owner = point.edgeId();
            if (owner == null) {
                if (limits.requireEdge()) {
                    return null;
                }
                unowned++;
            } else if (!owner.equals(edge)) {
                return null;
            }
            lines.prefix(pl.prefix());
            byte kind = kinds[i];
            if (point.kind() == PointKind.STATE) {
                if (kind == ValidBatchScanner.V_FLOAT || codes[i] < 0) {
                    return null;
                }
                lines.append(codes[i]).append('i');
            } else {
                if (kind == ValidBatchScanner.V_BOOLEAN) {
                    return null;
                }
                double number = values[i];
                PlausibleRange range = point.plausible();
                if (!Double.isFinite(number) || (point.kind() == PointKind.CUMULATIVE && number < 0)
                        || (range != null && !range.contains(number))) {
                    return null;
                }
                lines.appendAscii(Double.toString(number));
            }
            lines.append(seqSuffix).append(ts).endLine();
            bindings[i] = point;
        }
        if (hasRepeat(bindings, timestamps, count)) {
            return null;
        }
        // copies: the scanner's arrays are read again for the next message
        return new DecodedBatch(site, edge, seq, historical, lines.build(), java.util.Arrays.copyOf(timestamps, count),
                java.util.Arrays.copyOf(points, count), bindings, java.util.Arrays.copyOf(values, count),
                new ArrayList<>(0), count, unowned);
    }

    /** Whether a point has two readings at one timestamp; open addressing over the readings' indices. */
    private static boolean hasRepeat(PointBinding[] points, long[] timestamps, int count) {
        int size = Integer.highestOneBit(Math.max(4, count) * 2) << 1;
        int[] slots = new int[size];
        int mask = size - 1;
        for (int i = 0; i < count; i++) {
            int h = (System.identityHashCode(points[i]) * 31 + Long.hashCode(timestamps[i])) * 0x9E3779B9;
            for (int s = (h ^ (h >>> 16)) & mask; ; s = (s + 1) & mask) {
                int j = slots[s] - 1;
                if (j < 0) {
                    slots[s] = i + 1;
                    break;
                }
                if (points[j] == points[i] && timestamps[j] == timestamps[i]) {
                    return true;
                }
            }
        }
        return false;
    }

    private Map<String, PointLine> pointLines(PointCatalog.Snapshot catalog) {
        return snapshotKeys(catalog).byPoint();
    }

    private SnapshotKeys snapshotKeys(PointCatalog.Snapshot catalog) {
        SnapshotKeys keys = seriesKeys;
        if (keys == null || keys.snapshot() != catalog) {
            Map<String, PointLine> byPoint = new HashMap<>(catalog.points().size() * 2);
            for (PointBinding point : catalog.points().values()) {
                byPoint.put(point.pointId(), new PointLine(point,
                        LineProtocol.linePrefix(SeriesKeys.of(point), point.field()).getBytes(StandardCharsets.UTF_8)));
            }
            keys = new SnapshotKeys(catalog, Map.copyOf(byPoint), new PointIndex(byPoint));
            seriesKeys = keys;
        }
        return keys;
    }

    public DecodedBatch decode(String topic, byte[] payload, PointCatalog.Snapshot catalog) {
        // fm/v1/{site}/{edge}/data: exactly one '/' between the fixed start and end
        int slash = topic.length() >= TOPIC_START.length() + TOPIC_END.length() ? topic.indexOf('/', TOPIC_START.length()) : -1;
        if (slash < 0 || !topic.startsWith(TOPIC_START) || !topic.endsWith(TOPIC_END)
                || topic.indexOf('/', slash + 1) != topic.length() - TOPIC_END.length()) {
            return DecodedBatch.rejected(null, null, RejectReason.BAD_TOPIC,
                    "topic '" + printable(topic) + "' is not fm/v1/{site}/{edge}/data");
        }
        String site = topic.substring(TOPIC_START.length(), slash);
        String edge = topic.substring(slash + 1, topic.length() - TOPIC_END.length());
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
        DecodedBatch fast = decodeValid(payload, site, edge, catalog);
        if (fast != null) {
            return fast;
        }
        return decodeTree(payload, site, edge, catalog);
    }

    /** The tree decoder, which explains every fault; {@link #decode} tries {@link #decodeValid} first. */
    DecodedBatch decodeTree(byte[] payload, String site, String edge, PointCatalog.Snapshot catalog) {
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
        LineBlock.Builder lines = new LineBlock.Builder(count, count * 64);
        byte[] seqSuffix = LineProtocol.seqSuffix(seq);
        long[] timestamps = new long[count];
        String[] points = new String[count];
        PointBinding[] bindings = new PointBinding[count];
        double[] values = new double[count];
        List<Rejection> rejections = new ArrayList<>(0);
        Set<String> seen = new HashSet<>(count * 2);
        Map<String, PointLine> pointLines = pointLines(catalog);
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
            if (!encode(point, pointLines.get(pointId).prefix(), value, seqSuffix, ts, i, rejections, lines)) {
                continue;
            }
            if (ts < window.oldest() || ts > window.newest()) {
                lines.discardLine();
                rejections.add(Rejection.ofReading(RejectReason.TIMESTAMP_OUT_OF_WINDOW,
                        window.explain(ts, limits), i, pointId));
                continue;
            }
            if (!seen.add(pointId + '@' + ts)) {
                lines.discardLine();
                rejections.add(Rejection.ofReading(RejectReason.DUPLICATE_READING,
                        "a reading of point '" + pointId + "' at ts " + ts + " came earlier in this batch", i, pointId));
                continue;
            }
            timestamps[lines.lines()] = ts;
            points[lines.lines()] = pointId;
            bindings[lines.lines()] = point;
            values[lines.lines()] = numeric(value);
            lines.endLine();
        }
        int n = lines.lines();
        long[] stored = n == count ? timestamps : java.util.Arrays.copyOf(timestamps, n);
        return new DecodedBatch(site, edge, seq, historical, lines.build(), stored,
                n == count ? points : java.util.Arrays.copyOf(points, n),
                n == count ? bindings : java.util.Arrays.copyOf(bindings, n),
                n == count ? values : java.util.Arrays.copyOf(values, n), rejections, count, unowned);
    }

    /** A value that passed {@link #encode}: true/false as 1/0, numbers as they are. */
    private static double numeric(JsonNode value) {
        return value.isBoolean() ? (value.booleanValue() ? 1 : 0) : value.doubleValue();
    }

    /**
     * Appends the reading's line, without its newline, and returns true; or returns false after adding the
     * reason its value does not fit the point.
     */
    private static boolean encode(PointBinding point, byte[] prefix, JsonNode value, byte[] seqSuffix, long ts,
            int index, List<Rejection> rejections, LineBlock.Builder lines) {
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
                return false;
            }
            lines.prefix(prefix).append(code).append('i').append(seqSuffix).append(ts);
            return true;
        }
        if (!value.isNumber()) {
            rejections.add(Rejection.ofReading(RejectReason.WRONG_TYPE, point.kind().wireName() + " point '"
                    + point.pointId() + "' takes a number, got " + describe(value), index, point.pointId()));
            return false;
        }
        double number = value.doubleValue();
        if (!Double.isFinite(number)) {
            rejections.add(Rejection.ofReading(RejectReason.NON_FINITE, "value of point '" + point.pointId()
                    + "' is " + value.asText() + "; only finite numbers are stored", index, point.pointId()));
            return false;
        }
        if (point.kind() == PointKind.CUMULATIVE && number < 0) {
            rejections.add(Rejection.ofReading(RejectReason.NEGATIVE_COUNTER, "cumulative point '" + point.pointId()
                    + "' cannot be negative, got " + number, index, point.pointId()));
            return false;
        }
        PlausibleRange range = point.plausible();
        if (range != null && !range.contains(number)) {
            rejections.add(Rejection.ofReading(RejectReason.OUT_OF_RANGE, "value " + PlausibleRange.format(number)
                    + " of point '" + point.pointId() + "' is outside its plausible range " + range.describe() + " ("
                    + range.origin() + ")", index, point.pointId()));
            return false;
        }
        lines.prefix(prefix).appendAscii(Double.toString(number)).append(seqSuffix).append(ts);
        return true;
    }

    private static String describe(JsonNode value) {
        String type = value.isTextual() ? "a string" : value.isBoolean() ? "a boolean" : value.isObject() ? "an object"
                : value.isArray() ? "an array" : "the number";
        String text = value.isContainerNode() ? "" : " " + printable(value.asText());
        return type + text;
    }

    /** Well-formed UTF-8 (Unicode table 3-7: no overlong forms, surrogates or code points past U+10FFFF). */
    static boolean isUtf8(byte[] payload) {
        int i = 0;
        int n = payload.length;
        while (i < n) {
            int b = payload[i];
            if (b >= 0) {
                i++;
                continue;
            }
            b &= 0xFF;
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                lo = b == 0xE0 ? 0xA0 : 0x80;
                hi = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                lo = b == 0xF0 ? 0x90 : 0x80;
                hi = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                return false;
            }
            if (i + need >= n) {
                return false;
            }
            int second = payload[i + 1] & 0xFF;
            if (second < lo || second > hi) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int c = payload[i + k] & 0xFF;
                if (c < 0x80 || c > 0xBF) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
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
