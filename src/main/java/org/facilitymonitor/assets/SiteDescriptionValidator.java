package org.facilitymonitor.assets;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.facilitymonitor.assets.SiteDescription.AssetInfo;
import org.facilitymonitor.assets.SiteDescription.BuildingInfo;
import org.facilitymonitor.assets.SiteDescription.DepartmentInfo;
import org.facilitymonitor.assets.SiteDescription.PointInfo;
import org.facilitymonitor.assets.SiteDescription.ZoneInfo;
import org.facilitymonitor.platform.Ids;
import org.facilitymonitor.platform.ProblemException.FieldError;

/**
 * Checks a site description against itself and against what the registry already holds. Reports
 * every problem at once (path + message) so an import either applies whole or not at all.
 */
public final class SiteDescriptionValidator {

    private static final Pattern BRICK_CLASS = Pattern.compile("[A-Z][A-Za-z0-9]*(_[A-Za-z0-9]+)*");
    private static final Pattern MARKER_TAG = Pattern.compile("[a-z][A-Za-z0-9]{0,63}");
    private static final int MAX_NAME = 200;
    private static final int MAX_USE_TYPE = 64;
    private static final Pattern USE_TYPE = Pattern.compile("[\\p{L}0-9][\\p{L}0-9 _-]{0," + (MAX_USE_TYPE - 1) + "}");

    private final SiteDescription description;
    private final RegistryIndex existing;
    private final List<FieldError> errors = new ArrayList<>();
    private String siteId;

    private SiteDescriptionValidator(SiteDescription description, RegistryIndex existing) {
        this.description = description;
        this.existing = existing;
    }

    public static List<FieldError> validate(SiteDescription description, RegistryIndex existing) {
        SiteDescriptionValidator validator = new SiteDescriptionValidator(description, existing);
        validator.run();
        return List.copyOf(validator.errors);
    }

    private void run() {
        checkSite();
        Map<String, String> departmentParents = checkDepartments();
        Map<String, String> zoneBuildings = checkBuildings();
        checkAssets(zoneBuildings, departmentParents);
    }

    private void checkSite() {
        var site = description.site();
        if (site == null) {
            error("site", "is required");
            return;
        }
        if (checkId("site.id", site.id())) {
            siteId = site.id();
        }
        boolean known = siteId != null && existing.sites().contains(siteId);
        if (!known || site.name() != null) {
            checkName("site.name", site.name());
        }
        if (!known || site.timezone() != null) {
            if (site.timezone() == null || site.timezone().isBlank()) {
                error("site.timezone", "is required (an IANA zone such as Europe/Berlin)");
            } else {
                try {
                    ZoneId.of(site.timezone());
                } catch (DateTimeException e) {
                    error("site.timezone", "'" + site.timezone() + "' is not an IANA time zone");
                }
            }
        }
    }

    private Map<String, String> checkDepartments() {
        Map<String, String> parents = new HashMap<>(existing.departmentParent());
        Set<String> seen = new HashSet<>();
        List<DepartmentInfo> departments = description.departments();
        for (int i = 0; i < departments.size(); i++) {
            DepartmentInfo d = departments.get(i);
            String path = "departments[" + i + "]";
            if (d == null) {
                error(path, "is empty");
                continue;
            }
            if (checkId(path + ".id", d.id())) {
                if (!seen.add(d.id())) {
                    error(path + ".id", "'" + d.id() + "' appears twice");
                }
                checkOwnedBySite(path + ".id", "department", d.id(), existing.departmentSite().get(d.id()));
                parents.put(d.id(), d.parent());
            }
            checkName(path + ".name", d.name());
        }
        for (int i = 0; i < departments.size(); i++) {
            DepartmentInfo d = departments.get(i);
            if (d == null || d.parent() == null) {
                continue;
            }
            String path = "departments[" + i + "].parent";
            if (!seen.contains(d.parent()) && !inThisSite(existing.departmentSite().get(d.parent()))) {
                error(path, "unknown department '" + d.parent() + "' in site '" + siteId + "'");
            } else if (reachesItself(d.id(), parents)) {
                error(path, "'" + d.parent() + "' makes a cycle in the department tree");
            }
        }
        return parents;
    }

    private Map<String, String> checkBuildings() {
        Map<String, String> zoneBuildings = new HashMap<>(existing.zoneBuilding());
        Set<String> buildings = new HashSet<>();
        Set<String> zones = new HashSet<>();
        List<BuildingInfo> list = description.buildings();
        for (int i = 0; i < list.size(); i++) {
            BuildingInfo b = list.get(i);
            String path = "buildings[" + i + "]";
            if (b == null) {
                error(path, "is empty");
                continue;
            }
            if (checkId(path + ".id", b.id())) {
                if (!buildings.add(b.id())) {
                    error(path + ".id", "'" + b.id() + "' appears twice");
                }
                checkOwnedBySite(path + ".id", "building", b.id(), existing.buildingSite().get(b.id()));
            }
            checkName(path + ".name", b.name());
            if (b.floorAreaM2() != null && !(b.floorAreaM2() > 0 && Double.isFinite(b.floorAreaM2()))) {
                error(path + ".floorAreaM2", "must be a positive number of square metres");
            }
            if (b.useType() != null && !USE_TYPE.matcher(normalisedUseType(b.useType())).matches()) {
                error(path + ".useType", "'" + b.useType() + "' is not a use type: a short word such as office, school"
                        + " or lab (letters, digits, spaces, '-' and '_', at most " + MAX_USE_TYPE + " characters)");
            }
            for (int j = 0; j < b.zones().size(); j++) {
                ZoneInfo z = b.zones().get(j);
                String zonePath = path + ".zones[" + j + "]";
                if (z == null) {
                    error(zonePath, "is empty");
                    continue;
                }
                if (checkId(zonePath + ".id", z.id())) {
                    if (!zones.add(z.id())) {
                        error(zonePath + ".id", "'" + z.id() + "' appears twice");
                    }
                    String owner = existing.zoneBuilding().get(z.id());
                    if (owner != null && !owner.equals(b.id())) {
                        error(zonePath + ".id", "zone '" + z.id() + "' already belongs to building '" + owner + "'");
                    }
                    zoneBuildings.put(z.id(), b.id());
                }
                checkName(zonePath + ".name", z.name());
            }
        }
        return zoneBuildings;
    }

    private void checkAssets(Map<String, String> zoneBuildings, Map<String, String> departmentParents) {
        Set<String> buildingsHere = new HashSet<>();
        description.buildings().stream().filter(b -> b != null && b.id() != null).forEach(b -> buildingsHere.add(b.id()));
        Set<String> departmentsHere = new HashSet<>(departmentParents.keySet());
        departmentsHere.removeIf(d -> !description.departments().stream().anyMatch(x -> x != null && d.equals(x.id()))
                && !inThisSite(existing.departmentSite().get(d)));

        Set<String> assetIds = new HashSet<>();
        Map<String, String> assetParents = new HashMap<>(existing.assetParent());
        Map<String, String> pointOwners = new HashMap<>();
        Map<String, PointKind> fieldKinds = storedFieldKinds();
        List<AssetInfo> assets = description.assets();
        for (AssetInfo a : assets) {
            if (a != null && a.id() != null) {
                assetParents.put(a.id(), a.parent());
            }
        }
        for (int i = 0; i < assets.size(); i++) {
            AssetInfo a = assets.get(i);
            String path = "assets[" + i + "]";
            if (a == null) {
                error(path, "is empty");
                continue;
            }
            if (checkId(path + ".id", a.id())) {
                if (!assetIds.add(a.id())) {
                    error(path + ".id", "'" + a.id() + "' appears twice");
                }
                checkOwnedBySite(path + ".id", "asset", a.id(), existing.assetSite().get(a.id()));
            }
            checkName(path + ".name", a.name());
            if (a.kind() == null || !BRICK_CLASS.matcher(a.kind()).matches()) {
                error(path + ".kind", "must be a Brick class name such as Boiler, AHU or Building_Electrical_Meter");
            }
            if (a.building() == null) {
                error(path + ".building", "is required");
            } else if (!buildingsHere.contains(a.building()) && !inThisSite(existing.buildingSite().get(a.building()))) {
                error(path + ".building", "unknown building '" + a.building() + "' in site '" + siteId + "'");
            }
            if (a.zone() != null) {
                String zoneBuilding = zoneBuildings.get(a.zone());
                if (zoneBuilding == null) {
                    error(path + ".zone", "unknown zone '" + a.zone() + "'");
                } else if (!zoneBuilding.equals(a.building())) {
                    error(path + ".zone", "zone '" + a.zone() + "' is in building '" + zoneBuilding + "', not '"
                            + a.building() + "'");
                }
            }
            if (a.edge() != null && (!Ids.isValid(a.edge()) || a.edge().equals("dead-letter") || a.edge().equals("alerts"))) {
                error(path + ".edge", "'" + a.edge() + "' is not an edge id: " + Ids.ID_MESSAGE
                        + " ('dead-letter' and 'alerts' are reserved)");
            }
            if (a.department() != null && !departmentsHere.contains(a.department())) {
                error(path + ".department", "unknown department '" + a.department() + "' in site '" + siteId + "'");
            }
            if (a.parent() != null) {
                boolean known = assets.stream().anyMatch(x -> x != null && a.parent().equals(x.id()))
                        || inThisSite(existing.assetSite().get(a.parent()));
                if (!known) {
                    error(path + ".parent", "unknown asset '" + a.parent() + "' in site '" + siteId + "'");
                } else if (reachesItself(a.id(), assetParents)) {
                    error(path + ".parent", "'" + a.parent() + "' makes a cycle of parent assets");
                }
            }
            for (int t = 0; t < a.tags().size(); t++) {
                String tag = a.tags().get(t);
                if (tag == null || !MARKER_TAG.matcher(tag).matches()) {
                    error(path + ".tags[" + t + "]", "'" + tag + "' is not a marker tag (camelCase letters and digits)");
                }
            }
            checkPoints(path, a, pointOwners, fieldKinds);
        }
    }

    private void checkPoints(String assetPath, AssetInfo asset, Map<String, String> pointOwners,
            Map<String, PointKind> fieldKinds) {
        for (int j = 0; j < asset.points().size(); j++) {
            PointInfo p = asset.points().get(j);
            String path = assetPath + ".points[" + j + "]";
            if (p == null) {
                error(path, "is empty");
                continue;
            }
            if (checkId(path + ".id", p.id())) {
                String previous = pointOwners.putIfAbsent(p.id(), asset.id());
                if (previous != null) {
                    error(path + ".id", "'" + p.id() + "' appears twice");
                }
                RegistryIndex.StoredPoint stored = existing.points().get(p.id());
                if (stored != null && !stored.assetId().equals(asset.id())) {
                    error(path + ".id", "point '" + p.id() + "' already belongs to asset '" + stored.assetId() + "'");
                }
            }
            checkName(path + ".name", p.name());
            if (p.quantity() == null || !Ids.isValidStorageName(p.quantity())) {
                error(path + ".quantity", "is required: a snake_case quantity such as active_energy or temperature");
            }
            if (p.unit() == null || p.unit().length() > 32) {
                error(path + ".unit", "is required (use \"\" for dimensionless), at most 32 characters");
            }
            PointKind kind = p.kind() == null ? null : PointKind.fromWireName(p.kind()).orElse(null);
            if (kind == null) {
                error(path + ".kind", "must be one of cumulative, instantaneous, state");
            }
            checkMeter(path, p, kind);
            checkPlausibleRange(path, p, kind);
            boolean storageValid = true;
            if (!Ids.isValidStorageName(p.measurement())) {
                error(path + ".measurement", "must match [a-z][a-z0-9_]* (an InfluxDB measurement name)");
                storageValid = false;
            }
            if (!Ids.isValidStorageName(p.field())) {
                error(path + ".field", "must match [a-z][a-z0-9_]* (an InfluxDB field name)");
                storageValid = false;
            } else if ("seq".equals(p.field())) {
                error(path + ".field", "'seq' is reserved for the batch sequence number");
                storageValid = false;
            }
            if (storageValid && kind != null) {
                String key = p.measurement() + "." + p.field();
                PointKind other = fieldKinds.putIfAbsent(key, kind);
                if (other != null && !other.fieldType().equals(kind.fieldType())) {
                    error(path + ".kind", "field '" + key + "' is stored as " + other.fieldType()
                            + " by other points; a " + p.kind() + " point would store " + kind.fieldType()
                            + " (InfluxDB rejects mixed field types): use another field name");
                }
            }
        }
    }

    /** Field types already written by points this import does not redefine. */
    private Map<String, PointKind> storedFieldKinds() {
        Set<String> redefined = new HashSet<>();
        description.assets().stream().filter(a -> a != null)
                .flatMap(a -> a.points().stream())
                .filter(p -> p != null && p.id() != null)
                .forEach(p -> redefined.add(p.id()));
        Map<String, PointKind> kinds = new HashMap<>();
        existing.points().forEach((id, p) -> {
            if (!redefined.contains(id)) {
                kinds.putIfAbsent(p.measurement() + "." + p.field(), p.kind());
            }
        });
        return kinds;
    }

    private boolean checkId(String path, String id) {
        if (id == null) {
            error(path, "is required");
            return false;
        }
        if (!Ids.isValid(id)) {
            error(path, "'" + id + "' is not an id: lowercase letters, digits and '-', at most 64, not starting with '-'");
            return false;
        }
        return true;
    }

    /** Trimmed and in lower case, so Office and office are peers; null stays null. */
    static String normalisedUseType(String useType) {
        return useType == null ? null : useType.strip().toLowerCase(Locale.ROOT);
    }

    /** The carrier a point is stored with: the one it names, or the one its measurement and unit imply for a meter. */
    static Optional<Carrier> carrierOf(PointInfo p) {
        if (p.carrier() != null) {
            return Carrier.fromTag(p.carrier());
        }
        return PointKind.CUMULATIVE.wireName().equals(p.kind()) ? Carrier.inferred(p.measurement(), p.unit())
                : Optional.empty();
    }

    private void checkMeter(String path, PointInfo p, PointKind kind) {
        boolean meterFields = p.carrier() != null || p.registerModulus() != null;
        if (meterFields && kind != PointKind.CUMULATIVE) {
            error(path + ".kind", "carrier and registerModulus are for meters: the point must be cumulative");
            return;
        }
        if (p.registerModulus() != null && !(p.registerModulus() > 0 && Double.isFinite(p.registerModulus()))) {
            error(path + ".registerModulus", "must be a positive number (the value at which the register wraps to 0)");
        }
        if (p.carrier() == null) {
            return;
        }
        Optional<Carrier> carrier = Carrier.fromTag(p.carrier());
        if (carrier.isEmpty()) {
            error(path + ".carrier", "must be one of electricity, water, gas, heat");
        } else if (p.unit() != null && carrier.get().factorFrom(p.unit()).isEmpty()) {
            error(path + ".unit", "'" + p.unit() + "' is no unit of " + p.carrier() + ": use one of "
                    + carrier.get().acceptedUnits());
        }
    }

    private void checkPlausibleRange(String path, PointInfo p, PointKind kind) {
        if (p.plausibleMin() == null && p.plausibleMax() == null) {
            return;
        }
        if (kind == PointKind.STATE) {
            error(path + (p.plausibleMin() != null ? ".plausibleMin" : ".plausibleMax"),
                    "plausible ranges are for numeric points (cumulative or instantaneous), not state points");
            return;
        }
        boolean finite = true;
        for (var bound : List.of(new Object[] { "plausibleMin", p.plausibleMin() },
                new Object[] { "plausibleMax", p.plausibleMax() })) {
            if (bound[1] != null && !Double.isFinite((Double) bound[1])) {
                error(path + "." + bound[0], "must be a finite number");
                finite = false;
            }
        }
        if (finite && p.plausibleMin() != null && p.plausibleMax() != null && !(p.plausibleMin() < p.plausibleMax())) {
            error(path + ".plausibleMax", "must be greater than plausibleMin (" + PlausibleRange.format(p.plausibleMin())
                    + "), was " + PlausibleRange.format(p.plausibleMax()));
        }
    }

    private void checkName(String path, String name) {
        if (name == null || name.isBlank()) {
            error(path, "is required");
        } else if (name.length() > MAX_NAME) {
            error(path, "is longer than " + MAX_NAME + " characters");
        }
    }

    private void checkOwnedBySite(String path, String what, String id, String ownerSite) {
        if (ownerSite != null && siteId != null && !ownerSite.equals(siteId)) {
            error(path, what + " '" + id + "' already belongs to site '" + ownerSite + "'");
        }
    }

    private boolean inThisSite(String ownerSite) {
        return ownerSite != null && ownerSite.equals(siteId);
    }

    private static boolean reachesItself(String start, Map<String, String> parents) {
        Set<String> visited = new HashSet<>();
        String current = parents.get(start);
        while (current != null) {
            if (current.equals(start) || !visited.add(current)) {
                return true;
            }
            current = parents.get(current);
        }
        return false;
    }

    private void error(String path, String message) {
        errors.add(new FieldError(path, message));
    }
}
