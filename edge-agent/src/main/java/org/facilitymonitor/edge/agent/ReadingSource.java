package org.facilitymonitor.edge.agent;

import java.util.List;
import org.facilitymonitor.edge.contract.Reading;

/**
 * Where readings come from: the simulator, CSV replay, later field-bus drivers. Called once per
 * sample period with increasing timestamps of the agent clock.
 */
public interface ReadingSource {

    /** The readings of the sample taken at {@code epochMillis}; may be empty. */
    List<Reading> readingsAt(long epochMillis);

    /** True when the source has nothing more to give (a replay at the end of its files). */
    default boolean finished() {
        return false;
    }

    /** What the status message says about the source (e.g. active faults, replay progress); null for nothing. */
    default Object status() {
        return null;
    }
}
