package org.facilitymonitor.energy.tariffs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.time.LocalDate;

/** One correction of a tariff's past, or a change of a version: who, when, what it was, what it became, why. */
@Entity
public class TariffAudit extends PanacheEntityBase {

    public static final String ADDED = "ADDED";
    public static final String CHANGED = "CHANGED";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public long tariffId;
    public LocalDate validFrom;
    public String action;
    public String actor;
    public Instant at;
    public String oldDefinition;
    public String newDefinition;
    public String reason;
}
