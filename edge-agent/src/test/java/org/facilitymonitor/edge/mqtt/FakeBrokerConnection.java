package org.facilitymonitor.edge.mqtt;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Acknowledges every publish at once and keeps what was published. */
public final class FakeBrokerConnection implements BrokerConnection {

    public record Published(String topic, byte[] payload, int qos, boolean retained) {
    }

    private final List<Published> published = new ArrayList<>();
    private boolean connected;
    private boolean closed;

    @Override
    public void connect() {
        connected = true;
    }

    @Override
    public boolean isConnected() {
        return connected && !closed;
    }

    @Override
    public synchronized void publish(String topic, byte[] payload, int qos, boolean retained) {
        if (!isConnected()) {
            throw new IllegalStateException("not connected");
        }
        published.add(new Published(topic, payload.clone(), qos, retained));
    }

    @Override
    public CompletableFuture<Void> publishAsync(String topic, byte[] payload, int qos, boolean retained) {
        publish(topic, payload, qos, retained);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close() {
        closed = true;
    }

    public synchronized List<Published> published() {
        return List.copyOf(published);
    }

    public boolean closed() {
        return closed;
    }
}
