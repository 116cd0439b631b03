package org.facilitymonitor.edge.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The agent's view of an MQTT broker connection. Implementations keep the client library
 * out of the rest of the code (today Paho mqttv5; the HiveMQ client is the fallback).
 */
public interface BrokerConnection extends AutoCloseable {

    /**
     * Connects, retrying with capped backoff until connected or the configured connect timeout
     * has passed ({@link BrokerException}). Lost connections are re-established automatically
     * afterwards.
     */
    void connect() throws InterruptedException;

    boolean isConnected();

    /**
     * Publishes and returns once the broker has acknowledged (PUBACK for QoS 1). On a lost
     * connection or a timeout the same payload is sent again after reconnecting, until it is
     * acknowledged, the connection is closed, or the broker rejects it ({@link BrokerException}).
     */
    void publish(String topic, byte[] payload, int qos, boolean retained) throws InterruptedException;

    /**
     * Like {@link #publish} but returns at once; the future completes on acknowledgement.
     * Blocks while the inflight window is full or the connection is down: that is the
     * back-pressure for callers that pipeline.
     */
    CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained)
            throws InterruptedException;

    /**
     * Like {@link #publishAsync(String, byte[], int, boolean)} without a future per message, for
     * publishers where that is overhead (the benchmark's load generator): {@code whenDone} gets
     * {@code null} on acknowledgement or the failure, on the client's thread, so it must be quick.
     */
    default void publishAsync(String topic, byte[] payload, int qos, boolean retained, Consumer<Throwable> whenDone)
            throws InterruptedException {
        publishAsync(topic, payload, qos, retained).whenComplete((ok, failure) -> whenDone.accept(failure));
    }

    /** Writes publishes the connection buffered; connections that write each at once need nothing here. */
    default void flush() {
    }

    /** The callback of {@link #publishAsync(String, byte[], int, boolean, Consumer)} that completes {@code future}. */
    static Consumer<Throwable> completing(CompletableFuture<Void> future) {
        return failure -> {
            if (failure == null) {
                future.complete(null);
            } else {
                future.completeExceptionally(failure);
            }
        };
    }

    /**
     * Subscribes at QoS 1 now (if connected) and again after every reconnect; {@code handler}
     * gets the topic and payload of each message, on the client's thread, so it must be quick.
     */
    default void subscribe(String topicFilter, BiConsumer<String, byte[]> handler) {
        throw new UnsupportedOperationException("this connection does not subscribe");
    }

    /** How many payloads were sent again after a lost connection or a failed attempt. */
    default long resendCount() {
        return 0;
    }

    /** Says goodbye (retained {@code offline} on the state topic) and disconnects. */
    @Override
    void close();
}
