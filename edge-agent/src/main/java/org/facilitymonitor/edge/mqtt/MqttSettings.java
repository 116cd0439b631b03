package org.facilitymonitor.edge.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the broker.
 *
 * @param stateTopic     retained {@code online}/{@code offline} topic (Last Will); null for none
 * @param connectTimeout how long the first connect is retried before giving up
 * @param maxInflight    most QoS 1 publishes awaiting PUBACK at once; the broker's Receive
 *                       Maximum from CONNACK caps it further
 * @param tls            CA and client certificate files of an ssl:// broker; null: the JVM's trust store, no
 *                       client certificate
 */
public record MqttSettings(String serverUri, String clientId, String username, String password,
                           String stateTopic, Duration connectTimeout, int maxInflight, Duration keepAlive,
                           TlsFiles tls) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMinutes(5);

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        if (maxInflight < 1 || maxInflight > 65_535) {
            throw new IllegalArgumentException("maxInflight: must be 1..65535, was " + maxInflight);
        }
    }

    public MqttSettings(String serverUri, String clientId, String username, String password, String stateTopic,
                        Duration connectTimeout, int maxInflight, Duration keepAlive) {
        this(serverUri, clientId, username, password, stateTopic, connectTimeout, maxInflight, keepAlive, null);
    }

    public static MqttSettings of(String serverUri, String clientId, String username, String password) {
        return new MqttSettings(serverUri, clientId, username, password, null, DEFAULT_CONNECT_TIMEOUT, 1000,
                Duration.ofSeconds(30));
    }

    public MqttSettings withTls(TlsFiles files) {
        return new MqttSettings(serverUri, clientId, username, password, stateTopic, connectTimeout, maxInflight, keepAlive,
                files);
    }

    public MqttSettings withStateTopic(String topic) {
        return new MqttSettings(serverUri, clientId, username, password, topic, connectTimeout, maxInflight, keepAlive, tls);
    }

    public MqttSettings withConnectTimeout(Duration timeout) {
        return new MqttSettings(serverUri, clientId, username, password, stateTopic, timeout, maxInflight, keepAlive, tls);
    }

    public MqttSettings withMaxInflight(int inflight) {
        return new MqttSettings(serverUri, clientId, username, password, stateTopic, connectTimeout, inflight, keepAlive, tls);
    }

    public MqttSettings withKeepAlive(Duration interval) {
        return new MqttSettings(serverUri, clientId, username, password, stateTopic, connectTimeout, maxInflight, interval, tls);
    }

    @Override
    public String toString() {
        return "MqttSettings[serverUri=" + serverUri + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", stateTopic=" + stateTopic
                + ", connectTimeout=" + connectTimeout + ", maxInflight=" + maxInflight + ", keepAlive=" + keepAlive
                + ", tls=" + tls + "]";
    }
}
