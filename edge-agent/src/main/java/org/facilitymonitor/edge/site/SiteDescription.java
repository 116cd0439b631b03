package org.facilitymonitor.edge.site;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A site file: the site, its department tree, buildings with zones, and assets with points. */
public record SiteDescription(Site site, List<Department> departments, List<Building> buildings, List<Asset> assets) {

    public SiteDescription {
        departments = departments == null ? List.of() : List.copyOf(departments);
        buildings = buildings == null ? List.of() : List.copyOf(buildings);
        assets = assets == null ? List.of() : List.copyOf(assets);
    }

    public Optional<Building> building(String id) {
        return buildings.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public List<Asset> assetsIn(Collection<String> buildingIds) {
        return assets.stream().filter(a -> buildingIds.contains(a.building())).toList();
    }

    public List<Point> points() {
        return assets.stream().flatMap(a -> a.points().stream()).toList();
    }
}
