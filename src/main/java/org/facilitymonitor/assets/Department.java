package org.facilitymonitor.assets;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;

/** A cost centre; departments form a tree per site and meters are allocated to them. */
@Entity
public class Department extends RegistryEntity {
    @Column(name = "site_id")
    public String siteId;
    @Column(name = "parent_id")
    public String parentId;
    public String name;
}
