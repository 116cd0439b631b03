package org.facilitymonitor.edge.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.util.MqttTopicValidator;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link BrokerConnection} on the Eclipse Paho mqttv5 client.
 *
 * <p>Paho mqttv5 has no client-side max-inflight setting: it allows as many unacknowledged
 * QoS 1/2 publishes as the broker's Receive Maximum from CONNACK (65,535 when absent) and throws
 * {@code REASON_CODE_MAX_INFLIGHT} beyond that. So the window is ours: a semaphore of
 * min({@link MqttSettings#maxInflight()}, the broker's Receive Maximum) permits.
 *
 * <p>Clean start is used: after a reconnect Paho has dropped its in-flight state and failed the
 * outstanding tokens, and this class sends those payloads again itself.
 */
public final class PahoBrokerConnection implements BrokerConnection {

    private static final Logger LOG = Logger.getLogger(PahoBrokerConnection.class.getName());
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    private static final long POLL_MS = 200;

    private final MqttSettings settings;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ExecutorService resender;
    private final Object state = new Object();
    private final AtomicLong resends = new AtomicLong();
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile Semaphore window;
    private volatile int serverReceiveMaximum = -1;
    private final Map<String, BiConsumer<String, byte[]>> subscriptions = new ConcurrentHashMap<>();

    public PahoBrokerConnection(MqttSettings settings) {
        this(settings, null);
    }

    /**
     * With the sockets of {@code tcpSocketFactory} for a {@code tcp://} broker (null: Paho's own),
     * e.g. the load generator's, whose sockets buffer what Paho reads a byte at a time.
     */
    public PahoBrokerConnection(MqttSettings settings, SocketFactory tcpSocketFactory) {
        this.settings = settings;
        try {
            // Explicit memory persistence: Paho's default file persistence writes into the working
            // directory. Durability of unsent batches is the agent's disk queue's job, not Paho's.
            this.client = new MqttAsyncClient(settings.serverUri(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("broker: " + describe(e), e);
        }
        this.options = connectionOptions(settings);
        if (tcpSocketFactory != null && settings.serverUri().startsWith("tcp://")) {
            options.setSocketFactory(tcpSocketFactory);
        }
        this.resender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mqtt-resend-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
        client.setCallback(new Callback());
    }

    private static MqttConnectionOptions connectionOptions(MqttSettings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, (int) MAX_BACKOFF.toSeconds());
        // Paho mqttv5 1.2.5 ignores the maximum above when it doubles its reconnect delay: it caps at
        // maxReconnectDelay (ms, default 128 s), measured here as a reconnect 63 s after the broker was back.
        o.setMaxReconnectDelay((int) MAX_BACKOFF.toMillis());
        o.setConnectionTimeout(10);
        o.setKeepAliveInterval((int) s.keepAlive().toSeconds());
        if (s.username() != null) {
            o.setUserName(s.username());
        }
        if (s.password() != null) {
            o.setPassword(s.password().getBytes(StandardCharsets.UTF_8));
        }
        if (s.serverUri().startsWith("ssl://")) {
            // Built here, so that an unusable CA or key file fails the start, not each reconnect.
            o.setSocketFactory((s.tls() == null ? new TlsFiles(null, null, null) : s.tls()).socketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        if (s.stateTopic() != null) {
            MqttMessage will = new MqttMessage("offline".getBytes(StandardCharsets.UTF_8));
            will.setQos(1);
            will.setRetained(true);
            o.setWill(s.stateTopic(), will);
        }
        return o;
    }

    @Override
    public void connect() throws InterruptedException {
        long deadline = System.nanoTime() + settings.connectTimeout().toNanos();
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            if (closed) {
                throw new BrokerException("connection closed");
            }
            try {
                IMqttToken token = client.connect(options);
                token.waitForCompletion();
                MqttProperties props = token.getResponseProperties();
                Integer receiveMax = props == null ? null : props.getReceiveMaximum();
                serverReceiveMaximum = receiveMax == null ? 65_535 : receiveMax;
                break;
            } catch (MqttException e) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BrokerException("could not connect to " + settings.serverUri() + " as "
                            + settings.clientId() + " within " + settings.connectTimeout() + ": " + describe(e), e);
                }
                Duration wait = Duration.ofNanos(Math.min(backoff.toNanos(), left));
                LOG.warning(() -> "connect to " + settings.serverUri() + " as " + settings.clientId() + " failed: "
                        + describe(e) + "; retrying in " + wait.toMillis() + " ms");
                Thread.sleep(wait.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        int windowSize = Math.min(settings.maxInflight(), serverReceiveMaximum);
        window = new Semaphore(windowSize, true);
        markConnected(true);
        LOG.info(() -> "connected to " + settings.serverUri() + " as " + settings.clientId()
                + " (broker receive maximum " + serverReceiveMaximum + ", inflight window " + windowSize + ")");
        subscriptions.keySet().forEach(this::subscribeNow);
        if (settings.stateTopic() != null) {
            publish(settings.stateTopic(), bytes("online"), 1, true);
        }
    }

    @Override
    public void subscribe(String topicFilter, BiConsumer<String, byte[]> handler) {
        MqttTopicValidator.validate(topicFilter, true, true);
        subscriptions.put(topicFilter, handler);
        if (isConnected()) {
            subscribeNow(topicFilter);
        }
    }

    /** Clean start drops subscriptions with the session, so this runs after every (re)connect. */
    private void subscribeNow(String topicFilter) {
        try {
            client.subscribe(new MqttSubscription[] {new MqttSubscription(topicFilter, 1)}, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        LOG.warning(() -> "subscription to " + topicFilter + " refused with reason code 0x"
                                + Integer.toHexString(codes[0]));
                    } else {
                        LOG.fine(() -> "subscribed to " + topicFilter);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    LOG.warning(() -> "subscription to " + topicFilter + " failed: " + cause);
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            LOG.warning(() -> "subscription to " + topicFilter + " failed: " + describe(e));
        }
    }

    @Override
    public boolean isConnected() {
        return connected && client.isConnected();
    }

    /** The broker's Receive Maximum from the last CONNACK, or -1 before the first connect. */
    public int serverReceiveMaximum() {
        return serverReceiveMaximum;
    }

    @Override
    public long resendCount() {
        return resends.get();
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retained) throws InterruptedException {
        try {
            publishAsync(topic, payload, qos, retained).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BrokerException be) {
                throw be;
            }
            throw new BrokerException("publish to " + topic + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained)
            throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        publishAsync(topic, payload, qos, retained, BrokerConnection.completing(done));
        return done;
    }

    @Override
    public void publishAsync(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> whenDone)
            throws InterruptedException {
        if (window == null) {
            throw new IllegalStateException("publish before connect()");
        }
        send(new Outgoing(topic, payload, qos, retained, whenDone));
    }

    /** Hands the payload to Paho once connected and a window slot is free. */
    private void send(Outgoing m) throws InterruptedException {
        while (true) {
            if (closed) {
                m.fail(new BrokerException("connection closed before acknowledgement of " + m.topic));
                return;
            }
            if (!awaitConnected() || !window.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            MqttMessage msg = new MqttMessage(m.payload);
            msg.setQos(m.qos);
            msg.setRetained(m.retained);
            try {
                client.publish(m.topic, msg, m, listener);
                return;
            } catch (MqttException e) {
                window.release();
                if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_CLOSED) {
                    m.fail(new BrokerException("client closed", e));
                    return;
                }
                // Not connected (any more), disconnecting, or Paho's own inflight count briefly
                // ahead of ours: wait and try again.
                LOG.fine(() -> "publish to " + m.topic + " deferred: " + describe(e));
                if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    Thread.sleep(1);
                } else {
                    markConnected(client.isConnected());
                }
            }
        }
    }

    private final MqttActionListener listener = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            window.release();
            Outgoing m = (Outgoing) token.getUserContext();
            int[] codes = token.getReasonCodes();
            // Paho reports a PUBACK with an error reason code (e.g. 0x87 not authorized) as success.
            if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                m.fail(new BrokerException("broker rejected publish to " + m.topic
                        + " with reason code 0x" + Integer.toHexString(codes[0])));
            } else {
                m.whenDone.accept(null);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable cause) {
            window.release();
            Outgoing m = (Outgoing) token.getUserContext();
            if (closed) {
                m.fail(new BrokerException("connection closed before acknowledgement", cause));
                return;
            }
            resends.incrementAndGet();
            LOG.fine(() -> "publish to " + m.topic + " not acknowledged (" + cause + "), sending again");
            try {
                resender.execute(() -> {
                    try {
                        send(m);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        m.fail(new BrokerException("interrupted", e));
                    }
                });
            } catch (RuntimeException rejected) {
                m.fail(new BrokerException("connection closed", cause));
            }
        }
    };

    private boolean awaitConnected() throws InterruptedException {
        synchronized (state) {
            if (!connected && !closed) {
                state.wait(POLL_MS);
            }
            return connected && !closed;
        }
    }

    private void markConnected(boolean value) {
        synchronized (state) {
            connected = value;
            state.notifyAll();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (settings.stateTopic() != null && isConnected()) {
                // A clean disconnect does not fire the Last Will, so say it ourselves.
                publishAsync(settings.stateTopic(), bytes("offline"), 1, true).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.log(Level.FINE, "could not publish offline state", e);
        }
        synchronized (state) {
            closed = true;
            state.notifyAll();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.fine(() -> "disconnect: " + describe(e));
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.fine(() -> "close: " + describe(e));
        }
        resender.shutdown();
        try {
            resender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            markConnected(false);
            if (!closed) {
                Throwable cause = response.getException();
                LOG.warning(() -> "connection to " + settings.serverUri() + " lost ("
                        + (cause instanceof MqttException me ? describe(me)
                        : cause != null ? cause.toString() : response.getReasonString())
                        + "); reconnecting");
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warning(() -> "MQTT error: " + describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            for (Map.Entry<String, BiConsumer<String, byte[]>> s : subscriptions.entrySet()) {
                if (MqttTopicValidator.isMatched(s.getKey(), topic)) {
                    try {
                        s.getValue().accept(topic, message.getPayload());
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "handler of " + topic + " failed", e);
                    }
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (!reconnect) {
                return;
            }
            LOG.info(() -> "reconnected to " + serverURI + " as " + settings.clientId());
            markConnected(true);
            subscriptions.keySet().forEach(PahoBrokerConnection.this::subscribeNow);
            if (settings.stateTopic() != null) {
                resender.execute(() -> {
                    try {
                        publishAsync(settings.stateTopic(), bytes("online"), 1, true);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    static String describe(MqttException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        if (e.getCause() != null) {
            sb.append(": ").append(e.getCause());
        }
        return sb.append(" (reason code ").append(e.getReasonCode()).append(')').toString();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private record Outgoing(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> whenDone) {
        void fail(Throwable failure) {
            whenDone.accept(failure);
        }
    }
}
