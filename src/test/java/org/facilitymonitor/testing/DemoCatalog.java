package org.facilitymonitor.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.PlausibleDefaults;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.facilitymonitor.assets.SiteDescription;
import org.facilitymonitor.assets.SiteDescriptionParser;

/** The demo campus as ingest sees it, built from demo/demo-campus.yaml without a database. */
public final class DemoCatalog {

    private DemoCatalog() {
    }

    public static SiteDescription description() {
        try {
            return SiteDescriptionParser.parse(Files.readAllBytes(NativeStack.repositoryRoot().resolve("demo/demo-campus.yaml")));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static PointCatalog.Snapshot snapshot() {
        SiteDescription site = description();
        Map<String, PointBinding> points = new HashMap<>();
        PlausibleDefaults plausible = PlausibleDefaults.builtIn(true);
        for (SiteDescription.AssetInfo a : site.assets()) {
            for (SiteDescription.PointInfo p : a.points()) {
                PointKind kind = PointKind.fromWireName(p.kind()).orElseThrow();
                points.put(p.id(), new PointBinding(p.id(), site.site().id(), a.building(), a.zone(), a.id(), a.kind(),
                        a.department(), kind, p.measurement(), p.field(), a.edge(),
                        plausible.rangeOf(kind, p.quantity(), p.unit(), p.plausibleMin(), p.plausibleMax()).orElse(null)));
            }
        }
        return new PointCatalog.Snapshot(1, Map.copyOf(points), Set.of(site.site().id()));
    }

    public static Path contract(String relative) {
        return NativeStack.repositoryRoot().resolve("contract").resolve(relative);
    }
}
