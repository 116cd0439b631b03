package org.facilitymonitor.mqtt;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;

/** The one place a {@link BrokerClient} is made: one per {@link Connection}, closed with its owner. */
@ApplicationScoped
class BrokerClientProducer {

    @Inject
    MqttConfig config;

    @Produces
    @Dependent
    @Connection
    BrokerClient client(InjectionPoint injectionPoint) {
        String name = injectionPoint.getQualifiers().stream()
                .filter(Connection.class::isInstance)
                .map(q -> ((Connection) q).value())
                .findFirst().orElse("");
        return new PahoBrokerClient(config, clientId(name));
    }

    void close(@Disposes @Connection BrokerClient client) {
        client.close();
    }

    /**
     * {@code fm.mqtt.client-id}, or fm-service-&lt;host name&gt;, followed by {@code -<connection>}: stable
     * across restarts of an instance (it names the persistent session) and different between instances.
     */
    String clientId(String connection) {
        String base = config.clientId().filter(id -> !id.isBlank()).orElseGet(BrokerClientProducer::hostClientId);
        return connection.isEmpty() ? base : base + "-" + connection;
    }

    private static String hostClientId() {
        try {
            return "fm-service-" + InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            Log.debugf("host name unknown: %s", e.getMessage());
            return "fm-service";
        }
    }
}
