package org.facilitymonitor.assets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/** {@code useType}: lower-case free text such as office, school or lab; buildings of one use type are peers. */
@Entity
public class Building extends RegistryEntity {
    public String siteId;
    public String name;
    @Column(name = "floor_area_m2")
    public Double floorAreaM2;
    public String useType;
}
