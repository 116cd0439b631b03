package org.facilitymonitor.mqtt;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The service's view of the MQTT broker. Messages are acknowledged explicitly, after their
 * readings are stored; the rest of the code never sees the MQTT library.
 */
public interface BrokerClient {

    /**
     * Connects (retrying the first connect until it succeeds or {@link #close()} is called),
     * subscribes to {@code topicFilter} with QoS 1 on every (re)connect, and hands every message to
     * {@code handler} on the client's delivery thread. Returns at once.
     */
    void start(String topicFilter, Consumer<InboundMessage> handler);

    /** Connects like {@link #start} but subscribes to nothing: a client that only publishes (notify's alerts). */
    default void startPublisher() {
        start(null, message -> {
        });
    }

    /** Acknowledges a delivered message; a message from an earlier connection is not acknowledged (it is redelivered). */
    void acknowledge(InboundMessage message);

    /**
     * Publishes at QoS 1 without waiting; the future completes when the broker acknowledged it, or
     * exceptionally with a {@link PublishFailure} naming why not.
     */
    CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained);

    /**
     * Drops the connection without acknowledging anything still pending and connects again. The
     * broker redelivers every unacknowledged message of the persistent session on the new
     * connection, which frees their in-flight slots; acknowledgements of messages of the dropped
     * connection are not sent. Returns once the old connection is gone; reconnecting goes on in
     * the background.
     */
    void reconnect();

    boolean isConnected();

    /** Disconnects without acknowledging anything still pending: the broker keeps it for the next session. */
    void close();
}
