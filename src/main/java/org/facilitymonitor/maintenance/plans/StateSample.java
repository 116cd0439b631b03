package org.facilitymonitor.maintenance.plans;

import java.time.Instant;

/** An equipment on/off state reading; it holds until the next sample. */
public record StateSample(Instant at, boolean on) {
}
