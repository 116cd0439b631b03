package org.facilitymonitor.energy.tariffs;

import java.time.Instant;

/** The instant the month's cumulative quantity reached {@code threshold}, the start of tier {@code tier} (1-based). */
public record TierCrossing(int tier, double threshold, Instant at) {
}
