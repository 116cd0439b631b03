package org.facilitymonitor.telemetry;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.domain.WritePrecision;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import okhttp3.OkHttpClient;

@ApplicationScoped
public class InfluxClientProducer {

    @Produces
    @ApplicationScoped
    InfluxDBClient influxClient(TelemetryConfig config) {
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(config.timeout())
                .readTimeout(config.timeout())
                .writeTimeout(config.timeout())
                .retryOnConnectionFailure(false)
                .socketFactory(new NoDelaySocketFactory());
        InfluxDBClientOptions.Builder options = InfluxDBClientOptions.builder()
                .url(config.url())
                .org(config.org())
                .bucket(config.bucket())
                .precision(WritePrecision.MS)
                .okHttpClient(http);
        config.token().filter(t -> !t.isBlank()).ifPresent(t -> options.authenticateToken(t.toCharArray()));
        return InfluxDBClientFactory.create(options.build());
    }

    void close(@Disposes InfluxDBClient client) {
        client.close();
    }
}
