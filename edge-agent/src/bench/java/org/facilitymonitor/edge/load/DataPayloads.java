package org.facilitymonitor.edge.load;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.facilitymonitor.edge.contract.ContractV1;
import org.facilitymonitor.edge.site.Point;
import org.facilitymonitor.edge.site.PointKind;

/**
 * The data messages of one load edge as contract v1 bytes, written straight from pieces prepared
 * once (the JSON around the seq, each point's {@code {"point":"id","ts":}}) plus plain digits: no
 * Jackson, no Batch or Reading objects, no Strings per message, so that the load generator's CPU
 * goes to the broker client and the benchmark measures the service.
 *
 * <p>Readings cycle over the site's points. Seq increases by one per message from {@code firstSeq}.
 * Timestamps are the wall clock, but never repeat for a point: a reading whose (point, ts) repeated
 * would overwrite an earlier one in InfluxDB and the benchmark would count stored points wrongly. At
 * high rates a point's timestamps therefore run ahead of the clock by up to a millisecond per reading.
 *
 * <p>Values always carry a decimal point (two decimals), so InfluxDB keeps the field a float:
 * STATE points alternate true/false, CUMULATIVE ones count up by 0.25, INSTANTANEOUS ones cycle.
 */
final class DataPayloads {

    private static final byte[] HISTORICAL_AND_READINGS = ascii(",\"historical\":false,\"readings\":[");
    private static final byte[] VALUE = ascii(",\"value\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final int MAX_NUMBER_DIGITS = 20;

    private final int readingsPerMessage;
    private final byte[] head;
    private final byte[][] pointHeads;
    private final PointKind[] kinds;
    private final long[] lastTs;
    private final long[] cumulativeHundredths;
    private final int fixedLength;
    private final byte[] scratch;
    private long nextSeq;
    private long counter;
    private long maxLeadMs;

    DataPayloads(String site, String edge, List<Point> points, int readingsPerMessage, long firstSeq) {
        if (points.isEmpty() || readingsPerMessage < 1 || readingsPerMessage > ContractV1.MAX_READINGS) {
            throw new IllegalArgumentException("need points and 1.." + ContractV1.MAX_READINGS + " readings per message");
        }
        if (firstSeq < 0) {
            throw new IllegalArgumentException("seq: must be >= 0, was " + firstSeq);
        }
        this.readingsPerMessage = readingsPerMessage;
        this.head = ascii("{\"v\":" + ContractV1.VERSION + ",\"site\":\"" + ContractV1.requireId("site", site)
                + "\",\"edge\":\"" + ContractV1.requireEdgeId("edge", edge) + "\",\"seq\":");
        int n = points.size();
        this.pointHeads = new byte[n][];
        this.kinds = new PointKind[n];
        this.lastTs = new long[n];
        this.cumulativeHundredths = new long[n];
        int longestPointHead = 0;
        for (int i = 0; i < n; i++) {
            Point p = points.get(i);
            pointHeads[i] = ascii("{\"point\":\"" + ContractV1.requireId("point", p.id()) + "\",\"ts\":");
            kinds[i] = p.kind();
            cumulativeHundredths[i] = (1_000L + i) * 100;
            longestPointHead = Math.max(longestPointHead, pointHeads[i].length);
        }
        this.fixedLength = head.length + HISTORICAL_AND_READINGS.length + 2;
        int longestReading = 1 + longestPointHead + MAX_NUMBER_DIGITS + VALUE.length + MAX_NUMBER_DIGITS + 2 + 1;
        this.scratch = new byte[fixedLength + MAX_NUMBER_DIGITS + readingsPerMessage * longestReading];
        this.nextSeq = firstSeq;
    }

    /**
     * The next message, stamped with {@code nowMs}, in a new array of its exact length: the broker
     * client keeps a reference until PUBACK and sends the same array again after a reconnect.
     */
    byte[] next(long nowMs) {
        byte[] b = scratch;
        int at = put(b, 0, head);
        at = putDigits(b, at, nextSeq++);
        at = put(b, at, HISTORICAL_AND_READINGS);
        int n = pointHeads.length;
        for (int k = 0; k < readingsPerMessage; k++) {
            int i = (int) (counter % n);
            long round = counter / n;
            counter++;
            long ts = Math.max(nowMs, lastTs[i] + 1);
            lastTs[i] = ts;
            maxLeadMs = Math.max(maxLeadMs, ts - nowMs);
            if (k > 0) {
                b[at++] = ',';
            }
            at = put(b, at, pointHeads[i]);
            at = putDigits(b, at, ts);
            at = put(b, at, VALUE);
            at = switch (kinds[i]) {
                case STATE -> put(b, at, (round & 1) == 0 ? TRUE : FALSE);
                case CUMULATIVE -> putHundredths(b, at, cumulativeHundredths[i] += 25);
                case INSTANTANEOUS -> putHundredths(b, at, 1_000 + (round % 200) * 50 + i);
            };
            b[at++] = '}';
        }
        b[at++] = ']';
        b[at++] = '}';
        byte[] message = new byte[at];
        System.arraycopy(b, 0, message, 0, at);
        return message;
    }

    /** The seq the next message will carry. */
    long nextSeq() {
        return nextSeq;
    }

    int readingsPerMessage() {
        return readingsPerMessage;
    }

    /** How far the newest timestamp ran ahead of the clock. */
    long maxLeadMs() {
        return maxLeadMs;
    }

    private static int put(byte[] b, int at, byte[] piece) {
        System.arraycopy(piece, 0, b, at, piece.length);
        return at + piece.length;
    }

    /** {@code hundredths / 100} with two decimals, e.g. 100025 as 1000.25 (non-negative only). */
    private static int putHundredths(byte[] b, int at, long hundredths) {
        at = putDigits(b, at, hundredths / 100);
        int cents = (int) (hundredths % 100);
        b[at] = '.';
        b[at + 1] = (byte) ('0' + cents / 10);
        b[at + 2] = (byte) ('0' + cents % 10);
        return at + 3;
    }

    /** A non-negative number in decimal, no leading zeros. */
    private static int putDigits(byte[] b, int at, long value) {
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        int end = at + digits;
        long v = value;
        for (int j = end - 1; j >= at; j--) {
            b[j] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
