package org.facilitymonitor.assets;

import jakarta.persistence.Entity;

/** A floor or zone of a building. */
@Entity
public class Zone extends RegistryEntity {
    public String buildingId;
    public String name;
}
