package org.facilitymonitor.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BufferedSocketFactoryTest {

    /** A socket's stream stand-in that counts how often it is asked what is available. */
    private static final class AskedStream extends ByteArrayInputStream {
        int asked;

        AskedStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int available() {
            asked++;
            return super.available();
        }
    }

    @Test
    void whatIsAvailableIsWhatWasReadAheadWithoutAskingTheSocket() throws IOException {
        AskedStream socket = new AskedStream(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        var in = new BufferedSocketFactory.ReadAhead(socket);

        assertEquals(0, in.available(), "nothing read ahead yet");
        assertEquals(1, in.read());
        assertEquals(9, in.available());
        assertEquals(3, in.read(new byte[3]));
        assertEquals(6, in.available());
        assertEquals(6, in.read(new byte[6]));
        assertEquals(0, in.available());
        assertEquals(0, socket.asked, "the socket was asked what is available");

        in.close();
        assertThrows(IOException.class, in::available);
    }
}
