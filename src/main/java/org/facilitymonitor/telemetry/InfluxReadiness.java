package org.facilitymonitor.telemetry;

import com.influxdb.client.InfluxDBClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when InfluxDB answers a ping and the latest write did not fail. */
@Readiness
@ApplicationScoped
public class InfluxReadiness implements HealthCheck {

    @Inject
    InfluxDBClient client;
    @Inject
    TelemetryConfig config;
    @Inject
    TelemetryWriter writer;

    @Override
    public HealthCheckResponse call() {
        boolean reachable;
        try {
            reachable = client.ping();
        } catch (RuntimeException e) {
            reachable = false;
        }
        String failure = writer.currentFailure().orElse(null);
        var response = HealthCheckResponse.named("InfluxDB").withData("url", config.url()).withData("reachable", reachable);
        if (failure != null) {
            response.withData("lastWriteFailure", failure);
        }
        return response.status(reachable && failure == null).build();
    }
}
