package org.facilitymonitor.edge.load;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.facilitymonitor.edge.mqtt.BrokerConnection;
import org.facilitymonitor.edge.mqtt.BrokerException;
import org.facilitymonitor.edge.mqtt.MqttSettings;

/**
 * The load generator's lean MQTT 5 publisher: one plain TCP socket, each QoS 1 PUBLISH written as it
 * comes, the PUBACKs read by one thread. Paho's token, message object and sender-thread hand-off per
 * publish cost the load JVMs more CPU per single-reading message than the service spends storing it,
 * so with Paho the bench could not offer the single-reading target. Publishes are buffered until the
 * caller {@link #flush}es (the load generator does before it sleeps) or the window is full: on
 * loopback each write to the socket also pays for the broker side's TCP receive, so one write per
 * message cost more than the rest of the message. This client neither reconnects
 * nor resends: a lost connection fails every unacknowledged batch, and the load report counts them.
 */
final class PlainMqttConnection implements BrokerConnection {

    private static final int PUBLISH_QOS1 = 0x32;
    private static final int PUBLISH_QOS1_RETAIN = 0x33;
    private static final byte[] PINGREQ = {(byte) 0xC0, 0};
    private static final byte[] DISCONNECT = {(byte) 0xE0, 0};

    private final MqttSettings settings;
    private final Object writeLock = new Object();
    /** Callbacks by packet id; guarded by itself. */
    private final Object[] waiting = new Object[65_536];
    private Semaphore window;
    private int nextId;
    private Socket socket;
    private OutputStream out;
    private DataInputStream in;
    private Thread reader;
    private volatile Throwable broken;
    private volatile boolean closing;
    private String lastTopic;
    private byte[] lastTopicBytes;

    PlainMqttConnection(MqttSettings settings) {
        this.settings = settings;
    }

    @Override
    public void connect() throws InterruptedException {
        URI uri = URI.create(settings.serverUri());
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new BrokerException("the plain load client speaks tcp://host:port only, not " + settings.serverUri()
                    + " (use --client paho)");
        }
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        while (true) {
            try {
                open(uri.getHost(), uri.getPort() < 0 ? 1883 : uri.getPort());
                break;
            } catch (ConnectException e) {
                if (System.nanoTime() > deadline) {
                    throw new BrokerException("could not connect to " + settings.serverUri() + ": " + e.getMessage(), e);
                }
                Thread.sleep(200);
            } catch (IOException e) {
                throw new BrokerException("connecting to " + settings.serverUri() + " failed: " + e, e);
            }
        }
        if (settings.stateTopic() != null) {
            publish(settings.stateTopic(), "online".getBytes(StandardCharsets.UTF_8), 1, true);
        }
    }

    private void open(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        socket = s;
        out = new BufferedOutputStream(s.getOutputStream(), 65_536);
        in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 8_192));
        out.write(connectPacket());
        out.flush();
        s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()));
        int type = in.readUnsignedByte();
        byte[] body = new byte[remainingLength(in)];
        in.readFully(body);
        if (type != 0x20 || body.length < 2) {
            s.close();
            throw new BrokerException("the broker answered CONNECT with packet type 0x" + Integer.toHexString(type));
        }
        if (body[1] != 0) {
            s.close();
            throw new BrokerException(settings.clientId() + ": the broker refused the connection, reason code 0x"
                    + Integer.toHexString(body[1] & 0xFF) + (body[1] == (byte) 0x86 || body[1] == (byte) 0x87
                            ? " (bad user name or password, or not authorized)" : ""));
        }
        int receiveMaximum = receiveMaximum(body);
        window = new Semaphore(Math.min(settings.maxInflight(), receiveMaximum));
        long keepAliveMs = settings.keepAlive().toMillis();
        s.setSoTimeout(keepAliveMs == 0 ? 0 : (int) Math.max(1, keepAliveMs / 2));
        reader = new Thread(this::readAcks, "load-acks-" + settings.clientId());
        reader.setDaemon(true);
        reader.start();
    }

    private byte[] connectPacket() {
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        writeString(v, "MQTT");
        v.write(5);
        int flags = 0x02; // clean start
        if (settings.username() != null) {
            flags |= 0x80;
        }
        if (settings.password() != null) {
            flags |= 0x40;
        }
        if (settings.stateTopic() != null) {
            flags |= 0x04 | 0x08 | 0x20; // a retained QoS 1 Last Will
        }
        v.write(flags);
        int keepAlive = (int) Math.min(65_535, settings.keepAlive().toSeconds());
        v.write(keepAlive >> 8);
        v.write(keepAlive);
        v.write(0); // no properties
        writeString(v, settings.clientId());
        if (settings.stateTopic() != null) {
            v.write(0); // no will properties
            writeString(v, settings.stateTopic());
            writeString(v, "offline");
        }
        if (settings.username() != null) {
            writeString(v, settings.username());
        }
        if (settings.password() != null) {
            writeString(v, settings.password());
        }
        return packet(0x10, v.toByteArray());
    }

    /** The Receive Maximum property of a CONNACK body (flags, reason, properties), 65,535 when absent. */
    static int receiveMaximum(byte[] connack) {
        int[] at = {2};
        int length = varInt(connack, at);
        int i = at[0];
        int end = i + length;
        while (i < end) {
            int id = connack[i++] & 0xFF;
            switch (id) {
                case 0x21 -> {
                    return ((connack[i] & 0xFF) << 8) | (connack[i + 1] & 0xFF);
                }
                case 0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2A -> i += 1;
                case 0x13, 0x22, 0x23 -> i += 2;
                case 0x02, 0x11, 0x18, 0x27 -> i += 4;
                case 0x03, 0x08, 0x09, 0x12, 0x15, 0x16, 0x1A, 0x1C, 0x1F -> i += 2 + (((connack[i] & 0xFF) << 8) | (connack[i + 1] & 0xFF));
                case 0x26 -> {
                    for (int k = 0; k < 2; k++) {
                        i += 2 + (((connack[i] & 0xFF) << 8) | (connack[i + 1] & 0xFF));
                    }
                }
                default -> {
                    return 65_535; // a property this client does not know: no limit read
                }
            }
        }
        return 65_535;
    }

    @Override
    public boolean isConnected() {
        return reader != null && broken == null && !closing;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws InterruptedException {
        try {
            publishAsync(topic, payload, qos, retained).get(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new BrokerException("publishing to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new BrokerException("no PUBACK for " + topic + " within " + settings.connectTimeout());
        }
    }

    @Override
    public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained)
            throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publishAsync(topic, payload, qos, retained, BrokerConnection.completing(done));
        flush(); // a caller that holds a future waits on it
        return done;
    }

    @Override
    public void publishAsync(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> whenDone)
            throws InterruptedException {
        if (qos != 1) {
            throw new UnsupportedOperationException("the plain load client publishes at QoS 1 only");
        }
        if (!window.tryAcquire()) {
            flush(); // what waits in the buffer is what the acknowledgements that free the window wait for
            window.acquire();
        }
        Throwable failure = broken;
        if (failure != null) {
            window.release();
            whenDone.accept(failure);
            return;
        }
        synchronized (writeLock) {
            int id = claimId(whenDone);
            try {
                byte[] topicBytes = topicBytes(topic);
                out.write(retained ? PUBLISH_QOS1_RETAIN : PUBLISH_QOS1);
                writeVarInt(out, 2 + topicBytes.length + 2 + 1 + payload.length);
                out.write(topicBytes.length >> 8);
                out.write(topicBytes.length);
                out.write(topicBytes);
                out.write(id >> 8);
                out.write(id);
                out.write(0); // no properties
                out.write(payload);
            } catch (IOException e) {
                fail(broke(e));
            }
        }
    }

    /** Writes what is buffered to the socket. */
    @Override
    public void flush() {
        synchronized (writeLock) {
            try {
                out.flush();
            } catch (IOException e) {
                fail(broke(e));
            }
        }
    }

    private int claimId(Consumer<Throwable> whenDone) {
        synchronized (waiting) {
            // The window is at most 65,535 wide, so a free id is always found.
            do {
                nextId = nextId == 65_535 ? 1 : nextId + 1;
            } while (waiting[nextId] != null);
            waiting[nextId] = whenDone;
            return nextId;
        }
    }

    private byte[] topicBytes(String topic) {
        if (!topic.equals(lastTopic)) {
            lastTopicBytes = topic.getBytes(StandardCharsets.UTF_8);
            lastTopic = topic;
        }
        return lastTopicBytes;
    }

    /** The callback waiting for packet {@code id}, no longer waiting; null when none was. */
    @SuppressWarnings("unchecked")
    private Consumer<Throwable> take(int id) {
        synchronized (waiting) {
            Consumer<Throwable> done = (Consumer<Throwable>) waiting[id];
            waiting[id] = null;
            return done;
        }
    }

    private void readAcks() {
        try {
            while (true) {
                int type;
                try {
                    type = in.readUnsignedByte();
                } catch (SocketTimeoutException e) {
                    synchronized (writeLock) {
                        out.write(PINGREQ);
                        out.flush();
                    }
                    continue;
                }
                int length = remainingLength(in);
                if (type >> 4 == 4 && length >= 2) { // PUBACK: id, then a reason code and properties when not plain success
                    int id = in.readUnsignedShort();
                    int reason = length > 2 ? in.readUnsignedByte() : 0;
                    in.skipNBytes(length - Math.min(length, 3));
                    Consumer<Throwable> done = take(id);
                    if (done != null) {
                        window.release();
                        done.accept(reason < 0x80 ? null
                                : new BrokerException("the broker refused a publish, PUBACK reason code 0x" + Integer.toHexString(reason)));
                    }
                } else if (type >> 4 == 14) {
                    int reason = length > 0 ? in.readUnsignedByte() : 0;
                    in.skipNBytes(Math.max(0, length - 1));
                    throw new BrokerException("the broker disconnected, reason code 0x" + Integer.toHexString(reason));
                } else {
                    in.skipNBytes(length); // PINGRESP
                }
            }
        } catch (EOFException e) {
            fail(new BrokerException("the broker closed the connection"));
        } catch (IOException | RuntimeException e) {
            fail(closing ? new BrokerException("closed") : broke(e));
        }
    }

    private static BrokerException broke(Exception e) {
        return new BrokerException("the connection to the broker broke: " + e.getMessage(), e);
    }

    /** Fails every unacknowledged publish; later publishes fail at once. */
    @SuppressWarnings("unchecked")
    private void fail(Throwable cause) {
        if (broken == null) {
            broken = cause;
        }
        List<Consumer<Throwable>> unacknowledged = new ArrayList<>();
        synchronized (waiting) {
            for (int id = 1; id < waiting.length; id++) {
                if (waiting[id] != null) {
                    unacknowledged.add((Consumer<Throwable>) waiting[id]);
                    waiting[id] = null;
                }
            }
        }
        for (Consumer<Throwable> done : unacknowledged) {
            window.release();
            done.accept(broken);
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        if (reader == null) {
            return;
        }
        try {
            if (settings.stateTopic() != null && isConnected()) {
                // A clean disconnect does not fire the Last Will, so say it ourselves.
                publishAsync(settings.stateTopic(), "offline".getBytes(StandardCharsets.UTF_8), 1, true).get(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // going anyway
        }
        closing = true;
        synchronized (writeLock) {
            try {
                out.write(DISCONNECT);
                out.flush();
            } catch (IOException ignored) {
                // the connection is gone already
            }
        }
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        fail(new BrokerException("closed"));
    }

    private static int remainingLength(InputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    private static int varInt(byte[] bytes, int[] at) {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int b = bytes[at[0]++] & 0xFF;
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new BrokerException("malformed variable byte integer in a CONNACK");
    }

    private static void writeVarInt(OutputStream out, int value) throws IOException {
        do {
            int b = value & 0x7F;
            value >>>= 7;
            out.write(value > 0 ? b | 0x80 : b);
        } while (value > 0);
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    private static byte[] packet(int type, byte[] body) {
        ByteArrayOutputStream p = new ByteArrayOutputStream(body.length + 5);
        p.write(type);
        try {
            writeVarInt(p, body.length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        p.writeBytes(body);
        return p.toByteArray();
    }
}
