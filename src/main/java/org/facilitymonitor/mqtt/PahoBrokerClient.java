package org.facilitymonitor.mqtt;

import io.quarkus.logging.Log;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
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
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * {@link BrokerClient} on Eclipse Paho's MQTT 5 client: persistent session (clean start off,
 * session expiry), manual acknowledgements, a bounded receive maximum, automatic reconnect, and our
 * own retry loop for the first connect, which Paho's automatic reconnect does not cover.
 */
class PahoBrokerClient implements BrokerClient {

    private static final int QOS_AT_LEAST_ONCE = 1;

    private final MqttConfig config;
    private final String clientId;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** For ssl:// URLs: built once, so a bad CA or key file fails the start and not each reconnect. */
    private final SSLSocketFactory tls;
    /** Changes on every connect and every loss, so acknowledgements never cross connections. */
    private final AtomicLong session = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile String topicFilter;
    private volatile Consumer<InboundMessage> handler;
    /** Set while {@link #reconnect()} drops the connection on purpose. */
    private volatile boolean dropping;
    private Thread connector;

    PahoBrokerClient(MqttConfig config, String clientId) {
        this.config = config;
        this.clientId = clientId;
        MqttConfig.Tls files = config.tls();
        if (config.url().startsWith("ssl://")) {
            this.tls = MqttTls.socketFactory(files.caFile(), files.certFile(), files.keyFile());
        } else {
            this.tls = null;
            if (files.caFile().isPresent() || files.certFile().isPresent()) {
                Log.warnf("fm.mqtt.tls.* is set but fm.mqtt.url %s is not ssl://: the connection is not encrypted", config.url());
            }
        }
    }

    @Override
    public void start(String topicFilter, Consumer<InboundMessage> handler) {
        this.topicFilter = topicFilter;
        this.handler = handler;
        try {
            client = new MqttAsyncClient(config.url(), clientId, new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException("MQTT client cannot be created for " + config.url() + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(new Callback());
        connector = new Thread(this::connectUntilConnected, "mqtt-first-connect");
        connector.setDaemon(true);
        connector.start();
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
        options.setReceiveMaximum(config.receiveMaximum());
        options.setKeepAliveInterval(config.keepAliveSeconds());
        options.setConnectionTimeout(config.connectTimeoutSeconds());
        options.setAutomaticReconnect(true);
        int maxDelay = (int) Math.max(1, config.maxReconnectDelay().toSeconds());
        options.setAutomaticReconnectDelay(1, maxDelay);
        // Paho mqttv5 1.2.5 doubles its reconnect delay up to maxReconnectDelay (ms, default 128 s),
        // not up to the maximum above.
        options.setMaxReconnectDelay((int) Math.min(Integer.MAX_VALUE, Math.max(1_000, config.maxReconnectDelay().toMillis())));
        options.setUserName(config.username());
        config.password().ifPresent(p -> options.setPassword(p.getBytes(StandardCharsets.UTF_8)));
        if (tls != null) {
            options.setSocketFactory(tls);
            options.setHttpsHostnameVerificationEnabled(true);
        } else if (config.url().startsWith("tcp://")) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        return options;
    }

    private void connectUntilConnected() {
        long delayMs = 500;
        long maxDelayMs = Math.max(500, config.maxReconnectDelay().toMillis());
        int attempt = 0;
        while (!closed.get()) {
            attempt++;
            try {
                IMqttToken connected = client.connect(options());
                connected.waitForCompletion(config.connectTimeoutSeconds() * 1000L + 1000);
                Log.infof("MQTT connected to %s as %s (client id %s) after %d attempt(s)", config.url(),
                        config.username(), clientId, attempt);
                warnIfTopicAliasesAllowed(connected);
                return;
            } catch (MqttException e) {
                Log.warnf("MQTT connect to %s failed (attempt %d, reason %d: %s); retrying in %d ms", config.url(),
                        attempt, e.getReasonCode(), e.getMessage(), delayMs);
                if (client.isConnected()) {
                    return;
                }
                sleep(delayMs);
                delayMs = Math.min(maxDelayMs, delayMs * 2);
            }
        }
    }

    /**
     * Paho 1.2.5 gives QoS 1 publishes topic aliases whenever the broker allows them, and after a
     * reconnect of the persistent session resends one in flight with its alias but without its topic;
     * the broker answers with a protocol error, on every reconnect, and nothing is stored. The
     * project's mosquitto.conf sets {@code max_topic_alias 0}; another broker must too.
     */
    private void warnIfTopicAliasesAllowed(IMqttToken connected) {
        MqttProperties answer = connected.getResponseProperties();
        Integer aliases = answer == null ? null : answer.getTopicAliasMaximum();
        if (aliases != null && aliases > 0) {
            Log.errorf("MQTT broker %s allows %d topic aliases: set max_topic_alias 0 in its configuration, or a "
                    + "reconnect while a receipt or dead letter is in flight can loop on protocol errors (Paho 1.2.5)",
                    config.url(), aliases);
        }
    }

    private void subscribe() {
        try {
            MqttSubscription subscription = new MqttSubscription(topicFilter, QOS_AT_LEAST_ONCE);
            client.subscribe(new MqttSubscription[] { subscription }, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] > QOS_AT_LEAST_ONCE) {
                        Log.errorf("MQTT subscription to %s refused by the broker (reason code %d): check the ACL",
                                topicFilter, codes[0]);
                    } else {
                        Log.infof("MQTT subscribed to %s", topicFilter);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    Log.errorf("MQTT subscription to %s failed: %s", topicFilter, e.getMessage());
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            Log.errorf("MQTT subscription to %s failed: %s", topicFilter, e.getMessage());
        }
    }

    @Override
    public void acknowledge(InboundMessage message) {
        if (message.session() != session.get() || message.qos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.messageId(), message.qos());
        } catch (MqttException e) {
            Log.debugf("acknowledgement of message %d not sent (%s); the broker will redeliver it",
                    message.messageId(), e.getMessage());
        }
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            MqttMessage message = new MqttMessage(payload, QOS_AT_LEAST_ONCE, retained, new MqttProperties());
            client.publish(topic, message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        done.completeExceptionally(new PublishFailure("refused", "the broker refused the publish on "
                                + topic + " (reason code " + codes[0] + ")", null));
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    done.completeExceptionally(failure(topic, e));
                }
            });
        } catch (MqttException | RuntimeException e) {
            done.completeExceptionally(failure(topic, e));
        }
        return done;
    }

    private static PublishFailure failure(String topic, Throwable e) {
        String reason = "error";
        if (e instanceof MqttException m) {
            reason = switch (m.getReasonCode()) {
                case MqttClientException.REASON_CODE_MAX_INFLIGHT -> "inflight-full";
                case MqttClientException.REASON_CODE_CLIENT_NOT_CONNECTED, MqttClientException.REASON_CODE_CONNECTION_LOST,
                        MqttClientException.REASON_CODE_CLIENT_DISCONNECTING,
                        MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS -> "not-connected";
                default -> m.getReasonCode() >= 0x80 && m.getReasonCode() <= 0xFF ? "refused" : "error";
            };
        }
        return new PublishFailure(reason, "publish on " + topic + " failed: " + e.getMessage(), e);
    }

    @Override
    public void reconnect() {
        MqttAsyncClient c = client;
        if (c == null || closed.get()) {
            return;
        }
        session.incrementAndGet();
        if (!c.isConnected()) {
            Log.infof("MQTT reconnect asked while not connected; the automatic reconnect is under way");
            return;
        }
        dropping = true;
        try {
            c.disconnect(0).waitForCompletion(config.connectTimeoutSeconds() * 1000L);
        } catch (MqttException e) {
            Log.warnf("MQTT disconnect before a reconnect: %s", e.getMessage());
        } finally {
            dropping = false;
        }
        if (c.isConnected()) {
            Log.warnf("MQTT connection still open after a disconnect; not reconnecting");
            return;
        }
        Thread again = new Thread(this::connectUntilConnected, "mqtt-reconnect");
        again.setDaemon(true);
        again.start();
    }

    @Override
    public boolean isConnected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        MqttAsyncClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            Log.debugf("MQTT disconnect: %s", e.getMessage());
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            Log.debugf("MQTT close: %s", e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            session.incrementAndGet();
            if (reconnect) {
                Log.infof("MQTT reconnected to %s", serverURI);
            }
            if (topicFilter != null) {
                subscribe();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            session.incrementAndGet();
            if (!closed.get() && !dropping) {
                Log.warnf("MQTT connection lost (%s); reconnecting", response.getReasonString() != null
                        ? response.getReasonString() : String.valueOf(response.getException()));
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            handler.accept(new InboundMessage(topic, message.getPayload(), message.isDuplicate(), message.getId(),
                    message.getQos(), session.get(), System.nanoTime()));
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            Log.warnf("MQTT error: %s", exception.getMessage());
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
