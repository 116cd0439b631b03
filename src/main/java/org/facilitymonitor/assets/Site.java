package org.facilitymonitor.assets;

import jakarta.persistence.Entity;

@Entity
public class Site extends RegistryEntity {
    public String name;
    public String timezone;
}
