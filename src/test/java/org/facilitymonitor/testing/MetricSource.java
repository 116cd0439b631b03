package org.facilitymonitor.testing;

/**
 * One sample of a service's Prometheus endpoint, 0 when absent: {@link #IN_PROCESS} for the
 * {@code @QuarkusTest} service, {@code process::metric} for a {@link ServiceProcess}.
 */
@FunctionalInterface
public interface MetricSource {

    MetricSource IN_PROCESS = Metrics::value;

    double value(String sample) throws Exception;
}
