package org.facilitymonitor.mqtt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "fm.mqtt")
public interface MqttConfig {

    /** Broker URL, tcp://host:port or ssl://host:port. */
    @WithDefault("tcp://127.0.0.1:11883")
    String url();

    /** Broker account of the service. */
    @WithDefault("fm-service")
    String username();

    /** Password of that account (FM_MQTT_PASSWORD); never committed. */
    Optional<String> password();

    /**
     * Client id; must be stable across restarts of one instance (it names its persistent session)
     * and different between instances. Default: fm-service-&lt;host name&gt;.
     */
    Optional<String> clientId();

    /**
     * Shared-subscription group: instances in one group split the data topics between them. Unset
     * (the default) is a plain persistent subscription, because Mosquitto 2.0.11 drops messages for
     * shared subscriptions after its own restart until the subscriber reconnects (docs/scaling.md).
     */
    Optional<String> sharedGroup();

    /** Topic filter of data messages. */
    @WithDefault("fm/v1/+/+/data")
    String dataTopicFilter();

    /** How long the broker keeps this instance's session and queued messages while it is away. */
    @WithDefault("P7D")
    Duration sessionExpiry();

    /** Unacknowledged messages the broker may have in flight to this instance (MQTT 5 receive maximum). */
    @WithDefault("1000")
    int receiveMaximum();

    @WithDefault("30")
    int keepAliveSeconds();

    @WithDefault("10")
    int connectTimeoutSeconds();

    /** Longest pause between reconnect attempts, first connect included. */
    @WithDefault("PT5S")
    Duration maxReconnectDelay();

    /** TLS towards the broker; used with an ssl:// URL (docs/tls.md). */
    Tls tls();

    interface Tls {

        /** PEM file of the CA certificate(s) the broker's certificate must chain to; absent: the JVM's trust store. */
        Optional<Path> caFile();

        /** PEM client certificate (chain) for a listener that requires one (require_certificate); needs key-file. */
        Optional<Path> certFile();

        /** Unencrypted PKCS#8 PEM private key ("BEGIN PRIVATE KEY") of cert-file. */
        Optional<Path> keyFile();
    }
}
