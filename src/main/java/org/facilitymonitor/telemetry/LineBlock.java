package org.facilitymonitor.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Line-protocol lines as UTF-8 bytes: what one message contributes to an InfluxDB write, built
 * without a String per line and sent as it is. Each line is a shared prefix (its point's series
 * key and field, the same array for every reading of the point) followed by its own tail (value,
 * seq, timestamp, newline), so a message waiting for its write holds a few dozen bytes per reading
 * rather than the whole line. A list of its lines for everything else (tests, finding the line
 * InfluxDB refused); {@link #slice} shares the bytes.
 */
public final class LineBlock extends AbstractList<String> implements RandomAccess {

    private static final byte[] NO_PREFIX = new byte[0];
    private static final LineBlock EMPTY = new LineBlock(new byte[0][], new byte[0], new int[] { 0 }, 0, 0);

    private final byte[][] prefixes;
    private final byte[] tails;
    /** tailStarts[i] is where line i's tail begins; tailStarts[size] is where the last one ends. */
    private final int[] tailStarts;
    private final int from;
    private final int to;

    private LineBlock(byte[][] prefixes, byte[] tails, int[] tailStarts, int from, int to) {
        this.prefixes = prefixes;
        this.tails = tails;
        this.tailStarts = tailStarts;
        this.from = from;
        this.to = to;
    }

    public static LineBlock empty() {
        return EMPTY;
    }

    public static LineBlock of(List<String> lines) {
        if (lines instanceof LineBlock block) {
            return block;
        }
        Builder b = new Builder(lines.size(), lines.size() * 96);
        for (String line : lines) {
            b.appendUtf8(line);
            b.endLine();
        }
        return b.build();
    }

    @Override
    public String get(int index) {
        int i = from + index;
        if (index < 0 || i >= to) {
            throw new IndexOutOfBoundsException(index);
        }
        byte[] prefix = prefixes[i];
        int tail = tailStarts[i + 1] - tailStarts[i] - 1;
        byte[] line = Arrays.copyOf(prefix, prefix.length + tail);
        System.arraycopy(tails, tailStarts[i], line, prefix.length, tail);
        return new String(line, StandardCharsets.UTF_8);
    }

    @Override
    public int size() {
        return to - from;
    }

    /** Lines {@code fromIndex} (inclusive) to {@code toIndex} (exclusive), sharing these bytes. */
    public LineBlock slice(int fromIndex, int toIndex) {
        if (fromIndex < 0 || toIndex > size() || fromIndex > toIndex) {
            throw new IndexOutOfBoundsException(fromIndex + ".." + toIndex + " of " + size());
        }
        return new LineBlock(prefixes, tails, tailStarts, from + fromIndex, from + toIndex);
    }

    @Override
    public LineBlock subList(int fromIndex, int toIndex) {
        return slice(fromIndex, toIndex);
    }

    /** Bytes of the lines, newlines included. */
    long byteLength() {
        long n = tailStarts[to] - tailStarts[from];
        for (int i = from; i < to; i++) {
            n += prefixes[i].length;
        }
        return n;
    }

    /** Writes the lines, newlines included. */
    void writeTo(okio.BufferedSink sink) throws java.io.IOException {
        for (int i = from; i < to; i++) {
            sink.write(prefixes[i]);
            sink.write(tails, tailStarts[i], tailStarts[i + 1] - tailStarts[i]);
        }
    }

    /** Appends lines: an optional shared prefix, then digits and ASCII straight into the tail bytes. Not thread-safe. */
    public static final class Builder {
        private byte[][] prefixes;
        private byte[] bytes;
        private int[] starts;
        private int length;
        private int lines;

        /** {@code expectedBytes}: of the tails, prefixes not counted. */
        public Builder(int expectedLines, int expectedBytes) {
            bytes = new byte[Math.max(64, expectedBytes)];
            starts = new int[Math.max(2, expectedLines + 1)];
            prefixes = new byte[Math.max(1, expectedLines)][];
        }

        public int lines() {
            return lines;
        }

        /** Starts the current line with bytes shared by many lines; they must not change afterwards. */
        public Builder prefix(byte[] shared) {
            if (lines == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, prefixes.length * 2);
            }
            prefixes[lines] = shared;
            return this;
        }

        public Builder append(byte[] ascii) {
            ensure(ascii.length);
            System.arraycopy(ascii, 0, bytes, length, ascii.length);
            length += ascii.length;
            return this;
        }

        public Builder append(char c) {
            ensure(1);
            bytes[length++] = (byte) c;
            return this;
        }

        /** ASCII text, such as a formatted double. */
        public Builder appendAscii(String text) {
            int n = text.length();
            ensure(n);
            for (int i = 0; i < n; i++) {
                bytes[length + i] = (byte) text.charAt(i);
            }
            length += n;
            return this;
        }

        public Builder appendUtf8(String text) {
            return append(text.getBytes(StandardCharsets.UTF_8));
        }

        public Builder append(long value) {
            if (value == Long.MIN_VALUE) {
                return appendAscii(Long.toString(value));
            }
            ensure(20);
            if (value < 0) {
                bytes[length++] = '-';
                value = -value;
            }
            int digits = 1;
            for (long v = value; v >= 10; v /= 10) {
                digits++;
            }
            int end = length + digits;
            for (int i = end - 1; i >= length; i--) {
                bytes[i] = (byte) ('0' + (value % 10));
                value /= 10;
            }
            length = end;
            return this;
        }

        /** Ends the current line with a newline. */
        public Builder endLine() {
            ensure(1);
            bytes[length++] = '\n';
            if (lines == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, prefixes.length * 2);
            }
            if (prefixes[lines] == null) {
                prefixes[lines] = NO_PREFIX;
            }
            lines++;
            if (lines + 1 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[lines] = length;
            return this;
        }

        /** Drops what was appended since the last complete line, its prefix too. */
        public Builder discardLine() {
            length = starts[lines];
            if (lines < prefixes.length) {
                prefixes[lines] = null;
            }
            return this;
        }

        public LineBlock build() {
            if (lines == 0) {
                return EMPTY;
            }
            return new LineBlock(prefixes, bytes, starts, 0, lines);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
