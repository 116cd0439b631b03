package org.facilitymonitor.edge.contract;

/**
 * One sample of a point. {@code ts} is the edge timestamp in epoch milliseconds UTC;
 * {@code value} is a {@link Double}, a {@link Long} or a {@link Boolean}.
 */
public record Reading(String point, long ts, Object value) {

    public static Reading of(String point, long ts, double value) {
        return new Reading(point, ts, value);
    }

    public static Reading of(String point, long ts, boolean value) {
        return new Reading(point, ts, value);
    }

    public static Reading ofCode(String point, long ts, long stateCode) {
        return new Reading(point, ts, stateCode);
    }
}
