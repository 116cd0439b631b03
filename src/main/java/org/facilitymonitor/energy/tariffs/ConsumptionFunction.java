package org.facilitymonitor.energy.tariffs;

import java.time.Instant;

/**
 * Consumption of one metered account in its carrier's canonical unit (kWh or m³) between two instants.
 * Additive ({@code between(a, c) == between(a, b) + between(b, c)}), never negative, and linear in time
 * between the readings it is built from. The registers core adapts its {@code RegisterCurve} to it.
 */
@FunctionalInterface
public interface ConsumptionFunction {

    double between(Instant from, Instant to);
}
