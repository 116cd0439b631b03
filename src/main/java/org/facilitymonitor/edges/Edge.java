package org.facilitymonitor.edges;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.time.Instant;

/** An edge the service provisioned in the broker; the broker holds its password, this row never does. */
@Entity
public class Edge extends PanacheEntityBase {
    @Id
    public String id;
    public String siteId;
    public String description;
    public String username;
    public String clientId;
    public boolean enabled;
    public Instant createdAt;
    public String createdBy;
    public Instant rotatedAt;
    public Instant updatedAt;
}
