package org.facilitymonitor.assets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

@Entity
public class Building extends RegistryEntity {
    @Column(name = "site_id")
    public String siteId;
    public String name;
}
