package org.facilitymonitor.rules;

/** What a rule looks for in a point's readings. */
public enum RuleKind {
    /** Above/below a limit for at least a duration; clears with hysteresis. */
    THRESHOLD,
    /** Rising (or falling) faster than a rate per hour over a window. */
    RATE_OF_CHANGE,
    /** No reading for longer than a duration (checked on a schedule). */
    STALE,
    /** More off→on transitions of a state point per window than allowed (e.g. burner short-cycling). */
    STARTS_PER_WINDOW,
    /** A cumulative register going down (meter reset, rollover, negative consumption) or jumping faster than allowed. */
    COUNTER_ANOMALY,
    /** The minimum flow in a nightly window stays above a base flow (a leak). */
    NIGHT_FLOW,
    /** A main meter's daily balance against its sub-meters (judged by the energy accounting's daily check, not on readings). */
    METER_BALANCE,
    /** A meter's daily use outside its weather-normalized baseline's prediction interval (judged by the daily energy check). */
    ENERGY_ANOMALY,
    /** A meter's use outside the operating hours of a day well above its usual base load (judged by the daily energy check). */
    AFTER_HOURS_USE,
    /** A meter's base load growing over the weeks (judged by the daily energy check). */
    BASE_LOAD_CREEP
}
