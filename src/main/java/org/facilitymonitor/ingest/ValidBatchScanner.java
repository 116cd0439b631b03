package org.facilitymonitor.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a data message of contract v1 straight from its bytes, for {@link BatchDecoder#decodeValid}:
 * the fields a batch has and nothing else, each once, strings without escapes, the contract's value
 * types, spaces anywhere JSON allows them. It gives up (returns false) at anything else, and at a
 * point not in the registry or a site or edge other than the topic's: the tree decoder then judges
 * the batch and explains what is wrong, so this one only has to be right about what it accepts
 * (BatchDecoderEquivalenceTest). Jackson's streaming parser did this before, at about twice the cost.
 * Not thread-safe: one per delivery thread.
 */
final class ValidBatchScanner {

    static final byte V_FLOAT = 0;
    static final byte V_INTEGER = 1;
    static final byte V_BOOLEAN = 2;

    /** Longest number read here; Jackson refuses numbers over 400 characters, the tree decoder says so. */
    private static final int MAX_NUMBER_CHARS = 64;
    private static final long MAX_EXACT_MANTISSA = 1L << 53;
    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int i = 1; i < POWERS_OF_TEN.length; i++) {
            POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
        }
    }

    private static final int F_V = 1;
    private static final int F_SITE = 2;
    private static final int F_EDGE = 4;
    private static final int F_SEQ = 8;
    private static final int F_HISTORICAL = 16;
    private static final int F_READINGS = 32;
    private static final int R_POINT = 1;
    private static final int R_TS = 2;
    private static final int R_VALUE = 4;

    private byte[] in;
    private int pos;
    private int end;

    long seq;
    boolean historical;
    int count;
    String[] points = new String[64];
    BatchDecoder.PointLine[] found = new BatchDecoder.PointLine[64];
    long[] timestamps = new long[64];
    double[] values = new double[64];
    long[] codes = new long[64];
    byte[] kinds = new byte[64];

    /** Set by the number readers: the token was an integer (else a decimal or exponent form). */
    private boolean integral;
    private long integer;
    private double number;

    /** Reads a whole batch; false when the tree decoder must judge it. The arrays are reused by the next call. */
    boolean scan(byte[] payload, String site, String edge, BatchDecoder.PointIndex index, int maxReadings) {
        in = payload;
        pos = 0;
        end = payload.length;
        seq = -1;
        historical = false;
        count = 0;
        if (!next('{')) {
            return false;
        }
        int fields = 0;
        do {
            int bit = field();
            if (bit == 0 || (fields & bit) != 0 || !next(':')) {
                return false;
            }
            fields |= bit;
            skipSpace();
            boolean ok = switch (bit) {
                case F_V -> readNumber() && integral && integer == BatchDecoder.CONTRACT_VERSION;
                case F_SITE -> string(site);
                case F_EDGE -> string(edge);
                case F_SEQ -> readNumber() && integral && (seq = integer) >= 0;
                case F_HISTORICAL -> historicalFlag();
                default -> readings(index, maxReadings);
            };
            if (!ok) {
                return false;
            }
        } while (next(','));
        if (!next('}')) {
            return false;
        }
        skipSpace();
        return pos == end && count > 0
                && (fields == (F_V | F_SITE | F_EDGE | F_SEQ | F_READINGS) || fields == (F_V | F_SITE | F_EDGE | F_SEQ | F_READINGS | F_HISTORICAL));
    }

    private boolean readings(BatchDecoder.PointIndex index, int maxReadings) {
        if (!next('[')) {
            return false;
        }
        if (next(']')) {
            return true;
        }
        do {
            if (count == maxReadings || !next('{')) {
                return false;
            }
            if (count == points.length) {
                grow();
            }
            int seen = 0;
            do {
                int bit = readingField();
                if (bit == 0 || (seen & bit) != 0 || !next(':')) {
                    return false;
                }
                seen |= bit;
                skipSpace();
                if (bit == R_POINT) {
                    BatchDecoder.PointLine line = point(index);
                    if (line == null) {
                        return false;
                    }
                    found[count] = line;
                    points[count] = line.binding().pointId();
                } else if (bit == R_TS) {
                    if (!readNumber() || !integral) {
                        return false;
                    }
                    timestamps[count] = integer;
                } else if (!value()) {
                    return false;
                }
            } while (next(','));
            if (seen != (R_POINT | R_TS | R_VALUE) || !next('}')) {
                return false;
            }
            count++;
        } while (next(','));
        return next(']');
    }

    private boolean value() {
        if (pos < end && (in[pos] == 't' || in[pos] == 'f')) {
            boolean truth = in[pos] == 't';
            if (!literal(truth ? "true" : "false")) {
                return false;
            }
            kinds[count] = V_BOOLEAN;
            codes[count] = truth ? 1 : 0;
            values[count] = codes[count];
            return true;
        }
        if (!readNumber()) {
            return false;
        }
        if (integral) {
            kinds[count] = V_INTEGER;
            codes[count] = integer;
            values[count] = integer;
        } else {
            kinds[count] = V_FLOAT;
            values[count] = number;
        }
        return true;
    }

    private boolean historicalFlag() {
        if (pos >= end) {
            return false;
        }
        return switch (in[pos]) {
            case 't' -> (historical = literal("true"));
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> false;
        };
    }

    /**
     * A JSON number: an integer of at most 18 digits into {@link #integer}, anything with a fraction or
     * an exponent into {@link #number}, exactly as Double.parseDouble reads it. Grammar faults, longer
     * integers and NaN or Infinity are the tree decoder's.
     */
    private boolean readNumber() {
        int start = pos;
        boolean negative = pos < end && in[pos] == '-';
        if (negative) {
            pos++;
        }
        int intStart = pos;
        long mantissa = 0;
        while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
            mantissa = mantissa * 10 + (in[pos] - '0');
            pos++;
        }
        int intDigits = pos - intStart;
        if (intDigits == 0 || (intDigits > 1 && in[intStart] == '0')) {
            return false;
        }
        int fractionDigits = 0;
        boolean exponent = false;
        if (pos < end && in[pos] == '.') {
            pos++;
            int fractionStart = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                mantissa = mantissa * 10 + (in[pos] - '0');
                pos++;
            }
            fractionDigits = pos - fractionStart;
            if (fractionDigits == 0) {
                return false;
            }
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            exponent = true;
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            int expStart = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            if (pos == expStart) {
                return false;
            }
        }
        if (pos - start > MAX_NUMBER_CHARS) {
            return false;
        }
        int digits = intDigits + fractionDigits;
        integral = fractionDigits == 0 && !exponent;
        if (integral) {
            if (digits > 18) {
                return false;
            }
            integer = negative ? -mantissa : mantissa;
            return true;
        }
        if (!exponent && digits <= 18 && mantissa < MAX_EXACT_MANTISSA && fractionDigits < POWERS_OF_TEN.length) {
            // both exact doubles, so the one division is the correctly rounded value, as parseDouble's
            double d = mantissa / POWERS_OF_TEN[fractionDigits];
            number = negative ? -d : d;
        } else {
            number = Double.parseDouble(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
        }
        return true;
    }

    /** A string equal to {@code expected} (ids: letters, digits and '-', never escaped). */
    private boolean string(String expected) {
        if (pos >= end || in[pos] != '"') {
            return false;
        }
        int n = expected.length();
        if (pos + n + 1 >= end || in[pos + n + 1] != '"') {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (in[pos + 1 + i] != expected.charAt(i)) {
                return false;
            }
        }
        pos += n + 2;
        return true;
    }

    /** A point id string looked up in the registry's index; null when escaped, not ASCII or not found. */
    private BatchDecoder.PointLine point(BatchDecoder.PointIndex index) {
        if (pos >= end || in[pos] != '"') {
            return null;
        }
        int start = ++pos;
        while (pos < end && in[pos] != '"') {
            if (in[pos] == '\\' || in[pos] < 0x20) {
                return null;
            }
            pos++;
        }
        if (pos == end) {
            return null;
        }
        return index.get(in, start, pos++ - start);
    }

    private int field() {
        int start = name();
        if (start < 0) {
            return 0;
        }
        return switch (pos - 1 - start) {
            case 1 -> in[start] == 'v' ? F_V : 0;
            case 3 -> is(start, "seq") ? F_SEQ : 0;
            case 4 -> is(start, "site") ? F_SITE : is(start, "edge") ? F_EDGE : 0;
            case 8 -> is(start, "readings") ? F_READINGS : 0;
            case 10 -> is(start, "historical") ? F_HISTORICAL : 0;
            default -> 0;
        };
    }

    private int readingField() {
        int start = name();
        if (start < 0) {
            return 0;
        }
        return switch (pos - 1 - start) {
            case 2 -> is(start, "ts") ? R_TS : 0;
            case 5 -> is(start, "point") ? R_POINT : is(start, "value") ? R_VALUE : 0;
            default -> 0;
        };
    }

    /** After spaces, a field name without escapes, read over its closing quote: where it starts; -1 when none. */
    private int name() {
        if (!next('"')) {
            return -1;
        }
        int start = pos;
        while (pos < end && in[pos] != '"') {
            if (in[pos] == '\\') {
                return -1;
            }
            pos++;
        }
        if (pos == end) {
            return -1;
        }
        pos++;
        return start;
    }

    private boolean is(int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            if (in[start + i] != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private boolean literal(String word) {
        if (end - pos < word.length() || !is(pos, word)) {
            return false;
        }
        pos += word.length();
        return true;
    }

    /** After spaces, {@code c}: consumed. */
    private boolean next(char c) {
        skipSpace();
        if (pos < end && in[pos] == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (pos < end) {
            byte b = in[pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return;
            }
            pos++;
        }
    }

    private void grow() {
        int capacity = points.length * 2;
        points = Arrays.copyOf(points, capacity);
        found = Arrays.copyOf(found, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
        values = Arrays.copyOf(values, capacity);
        codes = Arrays.copyOf(codes, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
    }
}
