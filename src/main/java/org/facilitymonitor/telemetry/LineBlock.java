package org.facilitymonitor.telemetry;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * Line-protocol lines held as UTF-8 bytes, each ending in a newline: what one message contributes to
 * an InfluxDB write, built without a String per line and sent as it is. A list of its lines for
 * everything else (tests, finding the line InfluxDB refused); {@link #slice} shares the bytes.
 */
public final class LineBlock extends AbstractList<String> implements RandomAccess {

    private static final LineBlock EMPTY = new LineBlock(new byte[0], new int[] { 0 }, 0, 0);

    private final byte[] bytes;
    /** starts[i] is where line i begins; starts[size] is where the last one ends. */
    private final int[] starts;
    private final int from;
    private final int to;

    private LineBlock(byte[] bytes, int[] starts, int from, int to) {
        this.bytes = bytes;
        this.starts = starts;
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
        return new String(bytes, starts[i], starts[i + 1] - starts[i] - 1, StandardCharsets.UTF_8);
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
        return new LineBlock(bytes, starts, from + fromIndex, from + toIndex);
    }

    @Override
    public LineBlock subList(int fromIndex, int toIndex) {
        return slice(fromIndex, toIndex);
    }

    /** The lines' bytes, newlines included, are {@code array()[byteOffset() .. byteOffset() + byteLength()]}. */
    byte[] array() {
        return bytes;
    }

    int byteOffset() {
        return starts[from];
    }

    int byteLength() {
        return starts[to] - starts[from];
    }

    /** Appends lines; digits and ASCII go straight into the byte array. Not thread-safe. */
    public static final class Builder {
        private byte[] bytes;
        private int[] starts;
        private int length;
        private int lines;

        public Builder(int expectedLines, int expectedBytes) {
            bytes = new byte[Math.max(64, expectedBytes)];
            starts = new int[Math.max(2, expectedLines + 1)];
        }

        public int lines() {
            return lines;
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
            text.getBytes(0, n, bytes, length);
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
            lines++;
            if (lines + 1 > starts.length) {
                starts = Arrays.copyOf(starts, starts.length * 2);
            }
            starts[lines] = length;
            return this;
        }

        /** Drops what was appended since the last complete line. */
        public Builder discardLine() {
            length = starts[lines];
            return this;
        }

        public LineBlock build() {
            if (lines == 0) {
                return EMPTY;
            }
            return new LineBlock(bytes, starts, 0, lines);
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }
    }
}
