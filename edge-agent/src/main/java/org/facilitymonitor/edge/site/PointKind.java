package org.facilitymonitor.edge.site;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum PointKind {
    /** A counter register that never decreases (energy, volume, run hours). */
    @JsonProperty("cumulative") CUMULATIVE,
    /** A sampled value (power, flow, temperature). */
    @JsonProperty("instantaneous") INSTANTANEOUS,
    /** On/off or a state code. */
    @JsonProperty("state") STATE
}
