package org.facilitymonitor.energy.registers;

/**
 * How to read one meter's register: {@code factor} converts its unit to the carrier's canonical
 * unit; {@code modulus} (in the register's unit, null when it never wraps) is where it wraps to 0;
 * readings further apart than {@code gapLimitMs} leave the time between them uncovered.
 */
public record RegisterPolicy(double factor, Double modulus, long gapLimitMs) {

    /**
     * A fall is taken for a rollover only when the wrapped increase is below this share of the
     * modulus; a larger one is a reset (a meter cleared or swapped), whatever the modulus.
     */
    public static final double ROLLOVER_WINDOW = 0.1;

    public RegisterPolicy {
        if (!(factor > 0) || (modulus != null && !(modulus > 0)) || gapLimitMs <= 0) {
            throw new IllegalArgumentException("factor, modulus and gap limit must be positive");
        }
    }
}
