package org.facilitymonitor.energy.accounting;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import java.time.Instant;
import org.facilitymonitor.assets.Carrier;

/** A named linear formula over meter points and other virtual meters of one site and carrier. */
@Entity
public class VirtualMeter extends PanacheEntityBase {
    @Id
    public String id;
    public String siteId;
    public String name;
    @Enumerated(EnumType.STRING)
    public Carrier carrier;
    public String formula;
    public Instant updatedAt;
}
