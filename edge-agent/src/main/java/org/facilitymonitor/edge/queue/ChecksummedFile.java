package org.facilitymonitor.edge.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import java.util.zip.CRC32;

/**
 * A small state file (queue checkpoint, edge seq): a body followed by its CRC32,
 * replaced atomically. A file of the wrong size or with a bad checksum reads as absent.
 */
final class ChecksummedFile {

    private static final Logger LOG = Logger.getLogger(ChecksummedFile.class.getName());

    private ChecksummedFile() {
    }

    /** The body (positioned at 0) when the file has {@code bodySize} + 4 bytes and a matching CRC32; else null. */
    static ByteBuffer read(Path file, int bodySize, String what) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length != bodySize + 4) {
            LOG.warning(what + " " + file + ": " + bytes.length + " bytes instead of " + (bodySize + 4) + ", ignored");
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (buffer.getInt(bodySize) != crc(bytes, bodySize)) {
            LOG.warning(what + " " + file + ": checksum mismatch, ignored");
            return null;
        }
        return ByteBuffer.wrap(bytes, 0, bodySize).slice();
    }

    /** The body (positioned at 0) of a file of any size with a matching trailing CRC32; else null. */
    static ByteBuffer readAny(Path file, String what) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length < 4) {
            LOG.warning(what + " " + file + ": " + bytes.length + " bytes, ignored");
            return null;
        }
        int bodySize = bytes.length - 4;
        if (ByteBuffer.wrap(bytes).getInt(bodySize) != crc(bytes, bodySize)) {
            LOG.warning(what + " " + file + ": checksum mismatch, ignored");
            return null;
        }
        return ByteBuffer.wrap(bytes, 0, bodySize).slice();
    }

    /** Writes the body and its CRC32 atomically (temp file, force, rename, directory force). */
    static void write(Path file, ByteBuffer body) throws IOException {
        int bodySize = body.remaining();
        byte[] bytes = new byte[bodySize + 4];
        body.get(bytes, 0, bodySize);
        ByteBuffer.wrap(bytes).putInt(bodySize, crc(bytes, bodySize));
        DurableFiles.writeAtomically(file, ByteBuffer.wrap(bytes));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
