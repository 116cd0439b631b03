package org.facilitymonitor.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

/** Collects what the broker delivers on a topic filter (dead letters, alerts) for assertions. */
public final class TestSubscriber implements AutoCloseable {

    /** A received message. */
    public record Received(String topic, String payload) {
    }

    private final MqttClient client;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    public TestSubscriber(String brokerUrl, String username, String password, String topicFilter) {
        try {
            client = new MqttClient(brokerUrl, "test-sub-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(username);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            client.connect(options);
            client.subscribe(new MqttSubscription[] { new MqttSubscription(topicFilter, 1) },
                    new org.eclipse.paho.mqttv5.client.IMqttMessageListener[] { (topic, message) -> received
                            .add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8))) });
        } catch (MqttException e) {
            throw new IllegalStateException("test subscriber cannot subscribe to " + topicFilter + ": " + e.getMessage(), e);
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
            client.close();
        } catch (MqttException e) {
            // test clean-up
        }
    }
}
