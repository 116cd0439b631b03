package org.facilitymonitor.edge.agent;

import java.util.List;
import org.facilitymonitor.edge.contract.Reading;

/**
 * Where readings come from: the simulator today; field-bus drivers and CSV replay later.
 * Called once per sample period with increasing timestamps.
 */
public interface ReadingSource {

    /** The readings of the sample taken at {@code epochMillis}; may be empty. */
    List<Reading> readingsAt(long epochMillis);
}
