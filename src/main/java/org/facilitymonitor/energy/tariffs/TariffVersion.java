package org.facilitymonitor.energy.tariffs;

import java.time.LocalDate;

/** A definition in force from local midnight of {@code validFrom} until the next version's validFrom. */
public record TariffVersion(LocalDate validFrom, TariffDefinition definition) {
}
