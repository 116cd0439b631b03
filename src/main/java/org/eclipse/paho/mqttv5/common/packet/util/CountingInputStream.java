package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Replaces Paho 1.2.5's class of the same name, removed from its jar by
 * {@code quarkus.class-loading.removed-resources} (docs/libraries.md, "Paho, patched"). Paho decodes
 * every received packet through this stream twice; its own version implements only {@code read()},
 * so each payload was copied one byte, one virtual call, at a time: a fourth of the service's CPU
 * under load. This one reads in bulk and counts the same.
 */
public class CountingInputStream extends InputStream {

    private final InputStream in;
    private int counter;

    public CountingInputStream(InputStream inputStream) {
        this.in = inputStream;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b != -1) {
            counter++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            counter += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = in.skip(n);
        counter += (int) skipped;
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    public int getCounter() {
        return counter;
    }

    public void resetCounter() {
        counter = 0;
    }
}
