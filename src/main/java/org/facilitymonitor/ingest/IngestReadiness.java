package org.facilitymonitor.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.facilitymonitor.assets.PointCatalog;

/** Ready when the registry is loaded and the broker connection is up; reports the write backlog. */
@Readiness
@ApplicationScoped
public class IngestReadiness implements HealthCheck {

    @Inject
    IngestPipeline pipeline;
    @Inject
    PointCatalog catalog;
    @Inject
    IngestConfig config;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("MQTT ingest");
        if (!config.enabled()) {
            return response.up().withData("enabled", false).build();
        }
        boolean catalogLoaded = catalog.snapshot().isPresent();
        boolean connected = pipeline.brokerConnected();
        response.withData("registryLoaded", catalogLoaded)
                .withData("brokerConnected", connected)
                .withData("pendingMessages", pipeline.pendingMessages());
        return response.status(catalogLoaded && connected).build();
    }
}
