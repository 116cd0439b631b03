package org.facilitymonitor.assets;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import java.util.Set;
import java.util.TreeSet;

/** A piece of equipment or a meter; {@code kind} is a Brick class name, {@code tags} are Haystack-style markers. */
@Entity
public class Asset extends RegistryEntity {
    @Column(name = "site_id")
    public String siteId;
    @Column(name = "building_id")
    public String buildingId;
    @Column(name = "zone_id")
    public String zoneId;
    @Column(name = "department_id")
    public String departmentId;
    /** The upstream asset, e.g. the main meter of a sub-meter. */
    @Column(name = "parent_id")
    public String parentId;
    public String kind;
    public String name;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "asset_tag", joinColumns = @JoinColumn(name = "asset_id"))
    @Column(name = "tag")
    public Set<String> tags = new TreeSet<>();
}
