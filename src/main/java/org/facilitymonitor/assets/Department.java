package org.facilitymonitor.assets;

import jakarta.persistence.Entity;

/** A cost centre; departments form a tree per site and meters are allocated to them. */
@Entity
public class Department extends RegistryEntity {
    public String siteId;
    public String parentId;
    public String name;
}
