package org.facilitymonitor.testing;

/**
 * Proof that a reading went all the way through ingest, for tests that then assert that it caused
 * nothing: it is stored in InfluxDB, and no message is pending in the service. A message is counted
 * pending from its arrival until after its readings are stored and handed to the observers (the
 * rule engine), so a stored reading and nothing pending afterwards mean the engine has seen it.
 */
public final class Ingested {

    private Ingested() {
    }

    /** True when the reading of {@code point} at {@code ts} (epoch ms) is stored and the service has nothing pending. */
    public static boolean completely(InfluxProbe influx, String point, long ts, MetricSource service) throws Exception {
        return influx.countWhere("\"point\" = '" + point + "' AND time = " + ts + "ms") > 0
                && service.value("fm_ingest_pending_messages") == 0;
    }
}
