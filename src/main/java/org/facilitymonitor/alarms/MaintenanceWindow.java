package org.facilitymonitor.alarms;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Planned work on an asset: alarms raised on it meanwhile are recorded as suppressed. {@code siteId} is the asset's. */
@Entity
@Table(name = "maintenance_window")
public class MaintenanceWindow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String siteId;
    public String assetId;
    public Instant startsAt;
    public Instant endsAt;
    public String reason;
    public String createdBy;
    public Instant createdAt;
}
