package org.facilitymonitor.edge.mqtt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho subscriber logged in as the platform service, as the ingest service will be. */
public final class TestSubscriber implements AutoCloseable {

    public record Received(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final List<Received> received = new ArrayList<>();
    private final Consumer<Received> listener;

    /**
     * @param persistentSession clean start false with a 300 s session expiry, so messages queued
     *                          while it is away (e.g. a broker restart) are delivered afterwards
     */
    public TestSubscriber(MosquittoStack.Broker broker, String clientId, boolean persistentSession, String... filters)
            throws MqttException {
        this(broker, clientId, persistentSession, r -> { }, filters);
    }

    /** @param listener told of each message on Paho's callback thread, after it is recorded */
    public TestSubscriber(MosquittoStack.Broker broker, String clientId, boolean persistentSession,
            Consumer<Received> listener, String... filters) throws MqttException {
        this.listener = listener;
        client = new MqttAsyncClient(broker.url(), clientId, new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Received r = new Received(topic, message.getPayload(), message.isRetained());
                synchronized (received) {
                    received.add(r);
                    received.notifyAll();
                }
                listener.accept(r);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(broker.serviceUser());
        o.setPassword(broker.servicePassword().getBytes(StandardCharsets.UTF_8));
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        o.setMaxReconnectDelay(2_000); // what Paho 1.2.5 really uses as the maximum
        o.setCleanStart(!persistentSession);
        if (persistentSession) {
            o.setSessionExpiryInterval(300L);
        }
        client.connect(o).waitForCompletion(10_000);
        MqttSubscription[] subs = new MqttSubscription[filters.length];
        for (int i = 0; i < filters.length; i++) {
            subs[i] = new MqttSubscription(filters[i], 1);
        }
        IMqttToken sub = client.subscribe(subs);
        sub.waitForCompletion(10_000);
        for (int rc : sub.getReasonCodes()) {
            if (rc >= 0x80) {
                throw new IllegalStateException("subscription refused with reason code 0x" + Integer.toHexString(rc));
            }
        }
    }

    /** Publishes as the service would, QoS 1, not waiting for the PUBACK. */
    public void publish(String topic, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(topic, m);
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public List<Received> received(String topicSuffix) {
        return received().stream().filter(r -> r.topic().endsWith(topicSuffix)).toList();
    }

    /** Waits until the messages received so far satisfy {@code done}; returns whether they did. */
    public boolean await(Predicate<List<Received>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (!done.test(new ArrayList<>(received))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    @Override
    public void close() throws MqttException {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }
}
