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
    public String siteId;
    public String buildingId;
    public String zoneId;
    public String departmentId;
    /** The upstream asset, e.g. the main meter of a sub-meter. */
    public String parentId;
    public String kind;
    public String name;
    /** The edge that serves this asset's points; null: any edge of the site. */
    public String edgeId;
    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "asset_tag", joinColumns = @JoinColumn(name = "asset_id"))
    @Column(name = "tag")
    public Set<String> tags = new TreeSet<>();
}
