package org.facilitymonitor.assets;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/** Registry objects are identified by their business id and remember when an import last changed them. */
@MappedSuperclass
public abstract class RegistryEntity extends PanacheEntityBase {
    @Id
    public String id;
    public Instant updatedAt;
}
