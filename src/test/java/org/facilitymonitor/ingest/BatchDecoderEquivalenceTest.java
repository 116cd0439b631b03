package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.testing.DemoCatalog;
import org.junit.jupiter.api.Test;

/**
 * The streaming decoder ({@link BatchDecoder#decodeValid}) against the tree decoder that explains
 * every fault: on every batch the streaming one takes, both give the same lines, arrays and counts;
 * on every batch with a fault, it declines and the tree decoder answers.
 */
class BatchDecoderEquivalenceTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long NOW_MS = NOW.toEpochMilli();
    private static final BatchDecoder.Limits LIMITS = new BatchDecoder.Limits(262144, 5000, 8, Duration.ofDays(30),
            Duration.ofMinutes(5), Period.ofYears(5));

    private final PointCatalog.Snapshot catalog = DemoCatalog.snapshot();
    private final BatchDecoder decoder = new BatchDecoder(LIMITS, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Random random = new Random(42);

    @Test
    void validBatchesTakeTheStreamingPathAndDecodeAsTheTreeDoes() {
        List<PointBinding> owned = edgePoints();
        PointBinding first = owned.get(0);
        int fast = 0;
        for (int round = 0; round < 400; round++) {
            int n = 1 + random.nextInt(round % 10 == 0 ? 400 : 60);
            String payload = batch(first.siteId(), edge(first), owned, n, random.nextBoolean(), random.nextInt(3));
            DecodedBatch tree = decoder.decodeTree(bytes(payload), first.siteId(), edge(first), catalog);
            assertThat(tree.rejections()).as("a valid batch: %s", payload).isEmpty();
            DecodedBatch streamed = decoder.decodeValid(bytes(payload), first.siteId(), edge(first), catalog);
            assertThat(streamed).as("the streaming decoder takes a valid batch: %s", payload).isNotNull();
            assertSame(streamed, tree, payload);
            assertSame(decoder.decode(topic(first), bytes(payload), catalog), tree, payload);
            fast++;
        }
        assertThat(fast).isEqualTo(400);
    }

    @Test
    void everyFaultLeavesTheStreamingPathAndGetsTheTreeDecodersAnswer() throws Exception {
        List<PointBinding> owned = edgePoints();
        PointBinding first = owned.get(0);
        String valid = batch(first.siteId(), edge(first), owned, 5, false, 0);
        List<String> faulty = new ArrayList<>(List.of(
                valid.replace("\"seq\":", "\"seq\":-"),
                valid.replace("\"v\":1", "\"v\":2"),
                valid.replace("\"v\":1", "\"v\":1.0"),
                valid.replace("\"v\":1,", "\"v\":1,\"v\":1,"),
                valid.replace("\"v\":1,", "\"v\":1,\"extra\":{\"a\":[1,2]},"),
                valid.replace("\"point\":", "\"quality\":1,\"point\":"),
                valid.replaceFirst("\"ts\":(\\d+)", "\"ts\":\"$1\""),
                valid.replaceFirst("\"ts\":(\\d+)", "\"ts\":$1.5"),
                valid.replaceFirst("\"ts\":(\\d+)", "\"ts\":99999999999999999999999"),
                valid.replaceFirst("\"ts\":(\\d+)", "\"ts\":1000"),
                valid.replaceFirst("\"ts\":(\\d+)", "\"ts\":" + (NOW_MS + 3_600_000)),
                valid.replaceFirst("\"value\":[^,}]+", "\"value\":null"),
                valid.replaceFirst("\"value\":[^,}]+", "\"value\":\"12\""),
                valid.replaceFirst("\"value\":[^,}]+", "\"value\":NaN"),
                valid.replaceFirst("\"value\":[^,}]+", "\"value\":[1]"),
                valid.replaceFirst("\"point\":\"[^\"]+\"", "\"point\":\"Not-An-Id\""),
                valid.replaceFirst("\"point\":\"[^\"]+\"", "\"point\":\"no-such-point\""),
                valid.replace("\"site\":\"" + first.siteId() + "\"", "\"site\":\"other\""),
                valid.replace("\"historical\":false", "\"historical\":\"yes\""),
                valid.replace("\"readings\":[", "\"readings\":[7,"),
                valid + " {}",
                valid.substring(0, valid.length() - 1),
                "[" + valid + "]",
                "{\"v\":1,\"site\":\"" + first.siteId() + "\",\"edge\":\"" + edge(first) + "\",\"seq\":1,\"readings\":[]}"));
        String oneReading = valid.substring(valid.indexOf("{\"point\""), valid.indexOf('}', valid.indexOf("{\"point\"")) + 1);
        faulty.add(valid.replace("\"readings\":[", "\"readings\":[" + oneReading + ","));
        for (PointBinding p : owned) {
            String kindFault = switch (p.kind()) {
                case STATE -> "1.5";
                case CUMULATIVE -> "-1.0";
                case INSTANTANEOUS -> "true";
            };
            faulty.add(valid.replaceFirst("\"point\":\"[^\"]+\",\"ts\":(\\d+),\"value\":[^,}]+",
                    "\"point\":\"" + p.pointId() + "\",\"ts\":$1,\"value\":" + kindFault));
        }
        for (PointBinding p : catalog.points().values()) {
            if (p.siteId().equals(first.siteId()) && p.edgeId() != null && !p.edgeId().equals(edge(first))) {
                faulty.add(valid.replaceFirst("\"point\":\"[^\"]+\"", "\"point\":\"" + p.pointId() + "\""));
                break;
            }
            if (p.plausible() != null && p.plausible().max() != null && owned.contains(p)) {
                faulty.add(valid.replaceFirst("\"point\":\"[^\"]+\",\"ts\":(\\d+),\"value\":[^,}]+",
                        "\"point\":\"" + p.pointId() + "\",\"ts\":$1,\"value\":" + (p.plausible().max() + 1e6)));
            }
        }
        try (Stream<Path> files = Files.list(DemoCatalog.contract("v1/invalid"))) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                faulty.add(Files.readString(f));
            }
        }
        int declined = 0;
        for (String payload : faulty) {
            DecodedBatch tree = decoder.decodeTree(bytes(payload), first.siteId(), edge(first), catalog);
            DecodedBatch streamed = decoder.decodeValid(bytes(payload), first.siteId(), edge(first), catalog);
            if (!tree.rejections().isEmpty()) {
                assertThat(streamed).as("declines a batch with a fault: %s", payload).isNull();
                assertSame(decoder.decode(topic(first), bytes(payload), catalog), tree, payload);
                declined++;
            } else if (streamed != null) {
                assertSame(streamed, tree, payload);
            }
        }
        assertThat(declined).isGreaterThan(faulty.size() - 10);
    }

    @Test
    void numbersAreReadAsJacksonReadsThem() {
        List<PointBinding> owned = edgePoints();
        PointBinding first = owned.get(0);
        PointBinding free = owned.stream().filter(p -> p.kind() == PointKind.INSTANTANEOUS && p.plausible() == null)
                .findFirst().orElseThrow();
        String template = "{\"v\":1,\"site\":\"" + first.siteId() + "\",\"edge\":\"" + edge(first)
                + "\",\"seq\":7,\"readings\":[{\"point\":\"" + free.pointId() + "\",\"ts\":" + (NOW_MS - 1000)
                + ",\"value\":VALUE}]}";
        List<String> taken = List.of("0", "-0", "7", "-12", "0.1", "-0.0", "1e5", "1E+2", "2.5e-3", "-4.5E-7",
                "0.30000000000000004", "123456789012345678", "123.456789012345678", "9007199254740993.5",
                "1.7976931348623157e308", "4.9e-324", "2.2250738585072014E-308", "1234567.0000000001", "0.000000000000000000001");
        for (String number : taken) {
            String payload = template.replace("VALUE", number);
            DecodedBatch tree = decoder.decodeTree(bytes(payload), first.siteId(), edge(first), catalog);
            assertThat(tree.rejections()).as(number).isEmpty();
            DecodedBatch fast = decoder.decodeValid(bytes(payload), first.siteId(), edge(first), catalog);
            assertThat(fast).as("the scanner takes %s", number).isNotNull();
            assertSame(fast, tree, payload);
        }
        for (String number : List.of("01", "-", "+1", ".5", "1.", "1.5e", "1e+", "0x10", "1_000", "NaN", "Infinity",
                "1234567890123456789", "1" + "0".repeat(70) + ".5", "\"1\"", "null", "[1]", "1 2", "- 1")) {
            String payload = template.replace("VALUE", number);
            assertThat(decoder.decodeValid(bytes(payload), first.siteId(), edge(first), catalog)).as(number).isNull();
            assertSame(decoder.decode(topic(first), bytes(payload), catalog),
                    decoder.decodeTree(bytes(payload), first.siteId(), edge(first), catalog), payload);
        }
    }

    @Test
    void whateverTheScannerTakesFromMangledBatchesTheTreeDecoderTakesTheSame() {
        List<PointBinding> owned = edgePoints();
        PointBinding first = owned.get(0);
        byte[] alphabet = "{}[]\":,0123456789.-+eE tfnul\\\n\tx".getBytes(StandardCharsets.US_ASCII);
        int taken = 0;
        int declined = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] payload = bytes(batch(first.siteId(), edge(first), owned, 1 + random.nextInt(4), false, random.nextInt(3)));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(payload.length);
                byte b = alphabet[random.nextInt(alphabet.length)];
                payload = switch (random.nextInt(3)) {
                    case 0 -> concat(java.util.Arrays.copyOf(payload, at), java.util.Arrays.copyOfRange(payload, at + 1, payload.length));
                    case 1 -> concat(java.util.Arrays.copyOf(payload, at), concat(new byte[] { b },
                            java.util.Arrays.copyOfRange(payload, at, payload.length)));
                    default -> {
                        byte[] copy = payload.clone();
                        copy[at] = b;
                        yield copy;
                    }
                };
            }
            DecodedBatch fast = decoder.decodeValid(payload, first.siteId(), edge(first), catalog);
            DecodedBatch tree = decoder.decodeTree(payload, first.siteId(), edge(first), catalog);
            String text = new String(payload, StandardCharsets.UTF_8);
            if (fast == null) {
                declined++;
                continue;
            }
            assertThat(tree.rejections()).as("the tree decoder takes what the scanner took: %s", text).isEmpty();
            assertSame(fast, tree, text);
            taken++;
        }
        assertThat(taken).as("mangled batches still valid (a digit or a space changed)").isGreaterThan(500);
        assertThat(declined).isGreaterThan(10_000);
    }

    @Test
    void theLimitsOnReadingsAndNestingAreTheTreeDecodersToExplain() {
        List<PointBinding> owned = edgePoints();
        PointBinding first = owned.get(0);
        byte[] four = bytes(batch(first.siteId(), edge(first), owned, 4, false, 0));
        BatchDecoder threeReadings = new BatchDecoder(new BatchDecoder.Limits(262144, 3, 8, Duration.ofDays(30),
                Duration.ofMinutes(5), Period.ofYears(5)), Clock.fixed(NOW, ZoneOffset.UTC));
        BatchDecoder shallow = new BatchDecoder(new BatchDecoder.Limits(262144, 5000, 2, Duration.ofDays(30),
                Duration.ofMinutes(5), Period.ofYears(5)), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(decoder.decodeValid(four, first.siteId(), edge(first), catalog)).isNotNull();
        for (BatchDecoder limited : List.of(threeReadings, shallow)) {
            assertThat(limited.decodeValid(four, first.siteId(), edge(first), catalog)).isNull();
            assertThat(limited.decode(topic(first), four, catalog).rejections()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.SCHEMA));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void idsAreCheckedAsTheirPatternSays() {
        Pattern id = Pattern.compile(Ids.ID_REGEX);
        List<String> samples = new ArrayList<>(List.of("", "a", "-a", "a-", "a--b", "A", "é", "a b", "0", "a".repeat(64),
                "a".repeat(65), "ab_c", "x.y", "ahu-1-supply-temp"));
        String alphabet = "az09-_A .é";
        for (int i = 0; i < 2000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = random.nextInt(8); k > 0; k--) {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(s.toString());
        }
        for (String s : samples) {
            assertThat(Ids.isValid(s)).as("'%s'", s).isEqualTo(id.matcher(s).matches());
        }
        assertThat(Ids.isValid(null)).isFalse();
    }

    @Test
    void utf8IsCheckedAsTheJdkDecoderChecksIt() {
        byte[][] edges = { {}, { (byte) 0xC0, (byte) 0x80 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 },
            { (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80 }, { (byte) 0xE2, (byte) 0x82 },
            "é€𝄞".getBytes(StandardCharsets.UTF_8), { (byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF } };
        List<byte[]> samples = new ArrayList<>(List.of(edges));
        byte[] pool = { 'a', '"', (byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED,
            (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0x9F, (byte) 0xA0, (byte) 0x90, (byte) 0x8F };
        for (int i = 0; i < 20000; i++) {
            byte[] b = new byte[random.nextInt(6)];
            for (int k = 0; k < b.length; k++) {
                b[k] = pool[random.nextInt(pool.length)];
            }
            samples.add(b);
        }
        int valid = 0;
        for (byte[] b : samples) {
            boolean jdk;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b));
                jdk = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                jdk = false;
            }
            assertThat(BatchDecoder.isUtf8(b)).as("%s", java.util.HexFormat.of().formatHex(b)).isEqualTo(jdk);
            valid += jdk ? 1 : 0;
        }
        assertThat(valid).as("valid samples among them").isGreaterThan(1000);
    }

    private List<PointBinding> edgePoints() {
        PointBinding any = catalog.points().values().stream().min(Comparator.comparing(PointBinding::pointId))
                .orElseThrow();
        List<PointBinding> owned = catalog.points().values().stream()
                .filter(p -> p.siteId().equals(any.siteId()) && (p.edgeId() == null || p.edgeId().equals(edge(any))))
                .sorted(Comparator.comparing(PointBinding::pointId)).toList();
        assertThat(owned.stream().map(PointBinding::kind).distinct()).as("kinds of the edge's points")
                .contains(PointKind.STATE, PointKind.CUMULATIVE, PointKind.INSTANTANEOUS);
        return owned;
    }

    /** A valid batch; {@code style} varies field order, spacing and how values are written. */
    private String batch(String site, String edge, List<PointBinding> points, int n, boolean historical, int style) {
        StringBuilder r = new StringBuilder();
        long base = historical ? NOW_MS - Duration.ofDays(400).toMillis() : NOW_MS - 60_000;
        for (int i = 0; i < n; i++) {
            PointBinding p = points.get(i % points.size());
            long ts = base + i / points.size() * 1000L + random.nextInt(3);
            String value = switch (p.kind()) {
                case STATE -> random.nextBoolean() ? String.valueOf(random.nextBoolean()) : String.valueOf(random.nextInt(4));
                case CUMULATIVE -> random.nextBoolean() ? String.valueOf(random.nextInt(100000))
                        : String.valueOf(random.nextDouble() * 1e5);
                case INSTANTANEOUS -> plausible(p);
            };
            if (i > 0) {
                r.append(style == 1 ? ", " : ",");
            }
            r.append(switch (style) {
                case 0 -> "{\"point\":\"" + p.pointId() + "\",\"ts\":" + ts + ",\"value\":" + value + "}";
                case 1 -> "{ \"value\" : " + value + " , \"point\" : \"" + p.pointId() + "\", \"ts\": " + ts + " }";
                default -> "{\"ts\":" + ts + ",\"value\":" + value + ",\"point\":\"" + p.pointId() + "\"}";
            });
        }
        String head = "\"v\":1,\"site\":\"" + site + "\",\"edge\":\"" + edge + "\",\"seq\":" + random.nextInt(1_000_000);
        String hist = style == 2 && !historical ? "" : ",\"historical\":" + historical;
        return style == 2 ? "{\"readings\":[" + r + "]," + head + hist + "}"
                : "{" + head + hist + ",\"readings\":[" + r + "]}";
    }

    private String plausible(PointBinding p) {
        double lo = p.plausible() == null || p.plausible().min() == null ? -50 : p.plausible().min();
        double hi = p.plausible() == null || p.plausible().max() == null ? lo + 200 : p.plausible().max();
        double v = lo + (hi - lo) * random.nextDouble();
        return random.nextInt(5) == 0 ? String.valueOf(Math.round(Math.ceil(lo) + 0.0)) : String.valueOf(v);
    }

    /** The point's edge, or one for the demo's points that name none (any edge of the site may send them). */
    private static String edge(PointBinding p) {
        return p.edgeId() == null ? "gw-1" : p.edgeId();
    }

    private static String topic(PointBinding p) {
        return "fm/v1/" + p.siteId() + "/" + edge(p) + "/data";
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertSame(DecodedBatch a, DecodedBatch b, String payload) {
        assertThat(a.site()).as(payload).isEqualTo(b.site());
        assertThat(a.edge()).as(payload).isEqualTo(b.edge());
        assertThat(a.seq()).as(payload).isEqualTo(b.seq());
        assertThat(a.historical()).as(payload).isEqualTo(b.historical());
        assertThat(List.copyOf(a.lines())).as(payload).isEqualTo(List.copyOf(b.lines()));
        assertThat(a.timestamps()).as(payload).isEqualTo(b.timestamps());
        assertThat(a.points()).as(payload).isEqualTo(b.points());
        assertThat(a.bindings()).as(payload).isEqualTo(b.bindings());
        assertThat(a.values()).as(payload).isEqualTo(b.values());
        assertThat(a.rejections()).as(payload).isEqualTo(b.rejections());
        assertThat(a.readingCount()).as(payload).isEqualTo(b.readingCount());
        assertThat(a.unowned()).as(payload).isEqualTo(b.unowned());
    }
}
