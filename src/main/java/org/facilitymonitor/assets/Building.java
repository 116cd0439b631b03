package org.facilitymonitor.assets;

import jakarta.persistence.Entity;

@Entity
public class Building extends RegistryEntity {
    public String siteId;
    public String name;
}
