package org.facilitymonitor.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

/**
 * An edge as the tests need it: publishes batches at QoS 1 and returns only after the broker's
 * PUBACK, resending the same bytes across broker outages like a real agent does.
 */
public final class TestEdge implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String site;
    private final String edge;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private long acknowledgedBatches;
    private volatile MqttException lastFailure;

    public TestEdge(String brokerUrl, String site, String edge, String password) {
        this.site = site;
        this.edge = edge;
        try {
            client = new MqttAsyncClient(brokerUrl, edge + "-" + System.nanoTime(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalStateException(e);
        }
        options = new MqttConnectionOptions();
        options.setUserName(edge);
        options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        options.setMaxReconnectDelay(2_000); // what Paho 1.2.5 really uses as the maximum
        options.setCleanStart(true);
        connect(Duration.ofSeconds(30));
    }

    /** Until the broker accepts the connection (it may be starting or restarting). */
    private void connect(Duration timeout) {
        untilDone(this::tryConnect, timeout, Duration.ofMillis(300), "cannot connect");
    }

    private boolean tryConnect() {
        try {
            client.connect(options).waitForCompletion(5000);
            return true;
        } catch (MqttException e) {
            lastFailure = e;
            return false;
        }
    }

    public String dataTopic() {
        return "fm/v1/" + site + "/" + edge + "/data";
    }

    /** A v1 batch: readings are (point, ts, value) triples. */
    public static byte[] batch(String site, String edge, long seq, boolean historical, List<Object[]> readings) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("v", 1);
        body.put("site", site);
        body.put("edge", edge);
        body.put("seq", seq);
        body.put("historical", historical);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Object[] r : readings) {
            Map<String, Object> reading = new LinkedHashMap<>();
            reading.put("point", r[0]);
            reading.put("ts", r[1]);
            reading.put("value", r[2]);
            list.add(reading);
        }
        body.put("readings", list);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] batch(long seq, List<Object[]> readings) {
        return batch(site, edge, seq, false, readings);
    }

    /** Publishes to this edge's data topic and waits for the PUBACK, retrying for up to two minutes. */
    public void publish(byte[] payload) {
        publish(dataTopic(), payload);
    }

    public void publish(String topic, byte[] payload) {
        untilDone(() -> tryPublish(topic, payload), Duration.ofMinutes(2), Duration.ofMillis(200), "could not publish");
        acknowledgedBatches++;
    }

    /** True once the broker acknowledged the message (PUBACK). */
    private boolean tryPublish(String topic, byte[] payload) {
        try {
            if (!client.isConnected()) {
                throw new MqttException(new IllegalStateException("not connected"));
            }
            client.publish(topic, new MqttMessage(payload, 1, false, null)).waitForCompletion(10_000);
            return true;
        } catch (MqttException e) {
            lastFailure = e;
            return false;
        }
    }

    /** Tries once, then again every {@code retryEvery} until done (the broker may be down meanwhile). */
    private void untilDone(BooleanSupplier attempt, Duration timeout, Duration retryEvery, String failure) {
        if (attempt.getAsBoolean()) {
            return;
        }
        try {
            await("edge " + edge + " retrying").atMost(timeout).pollInterval(retryEvery).pollInSameThread()
                    .until(attempt::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            MqttException last = lastFailure;
            throw new IllegalStateException("edge " + edge + " " + failure + " for " + timeout.toSeconds() + " s: "
                    + (last == null ? e.getMessage() : last.getMessage()), last == null ? e : last);
        }
    }

    public long acknowledgedBatches() {
        return acknowledgedBatches;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing a test client: nothing to do
        }
    }
}
