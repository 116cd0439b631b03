package org.facilitymonitor.assets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/** A floor or zone of a building. */
@Entity
public class Zone extends RegistryEntity {
    @Column(name = "building_id")
    public String buildingId;
    public String name;
}
