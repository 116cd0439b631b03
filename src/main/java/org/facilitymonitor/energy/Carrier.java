package org.facilitymonitor.energy;

/**
 * What a meter measures, with its canonical unit. Shared by the energy sub-packages; the integrator's
 * version of this type (with the unit conversions) replaces this one on merge.
 */
public enum Carrier {
    ELECTRICITY("kWh"), WATER("m3"), GAS("m3"), HEAT("kWh");

    private final String canonicalUnit;

    Carrier(String canonicalUnit) {
        this.canonicalUnit = canonicalUnit;
    }

    public String canonicalUnit() {
        return canonicalUnit;
    }
}
