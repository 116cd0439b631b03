package org.facilitymonitor.telemetry;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Synchronous line-protocol writes to InfluxDB through the v2 write API. Blocking on purpose:
 * ingest acknowledges a message to the broker only after this returns, and the client's async API
 * would buffer, drop the oldest and give up retrying on its own.
 */
@ApplicationScoped
public class TelemetryWriter {

    @Inject
    InfluxDBClient client;
    @Inject
    TelemetryConfig config;

    private WriteApiBlocking api;

    @PostConstruct
    void init() {
        api = client.getWriteApiBlocking();
    }

    private volatile String currentFailure;

    public void write(List<String> lines) throws WriteFailure {
        try {
            api.writeRecords(config.bucket(), config.org(), WritePrecision.MS, lines);
            currentFailure = null;
        } catch (InfluxException e) {
            int status = e.status();
            WriteFailure.Kind kind = switch (status) {
                case 400, 422 -> WriteFailure.Kind.REJECTED;
                case 413 -> WriteFailure.Kind.TOO_LARGE;
                default -> WriteFailure.Kind.RETRY;
            };
            throw failed(new WriteFailure(kind, status, describe(e), e));
        } catch (RuntimeException e) {
            throw failed(new WriteFailure(WriteFailure.Kind.RETRY, 0, e.getClass().getSimpleName() + ": " + e.getMessage(), e));
        }
    }

    /** Why the latest write failed for a reason other than refused content, or empty when it succeeded. */
    public Optional<String> currentFailure() {
        return Optional.ofNullable(currentFailure);
    }

    private WriteFailure failed(WriteFailure failure) {
        if (failure.kind() != WriteFailure.Kind.REJECTED) {
            currentFailure = failure.getMessage();
        }
        return failure;
    }

    private static String describe(InfluxException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.status() == 0 ? "InfluxDB unreachable: " + message : "InfluxDB answered " + e.status() + ": " + message;
    }
}
