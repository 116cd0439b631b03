package org.facilitymonitor.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointKind;
import org.junit.jupiter.api.Test;

class SeriesKeysTest {

    private static final PointBinding METER = new PointBinding("office-elec-main-energy", "demo-campus", "office",
            "office-basement", "office-elec-main", "Building_Electrical_Meter", "facilities", PointKind.CUMULATIVE,
            "electricity", "energy_kwh");

    @Test
    void everyRegistryPlaceIsATagSortedByName() {
        assertThat(SeriesKeys.of(METER)).isEqualTo("electricity,asset=office-elec-main,"
                + "asset_kind=Building_Electrical_Meter,building=office,department=facilities,point=office-elec-main-energy,"
                + "site=demo-campus,zone=office-basement");
    }

    @Test
    void anAbsentZoneOrDepartmentAddsNoTag() {
        PointBinding noZone = new PointBinding("p1", "s", "b", null, "a", "Pump", null, PointKind.STATE, "pump", "on");
        assertThat(SeriesKeys.tags(noZone)).containsOnlyKeys("site", "building", "asset", "asset_kind", "point");
        assertThat(SeriesKeys.of(noZone)).isEqualTo("pump,asset=a,asset_kind=Pump,building=b,point=p1,site=s");
    }

    @Test
    void keysByPointIdCoverEveryPoint() {
        PointBinding other = new PointBinding("p2", "s", "b", null, "a", "Pump", null, PointKind.STATE, "pump", "on");
        assertThat(SeriesKeys.byPoint(List.of(METER, other)))
                .containsEntry("p2", "pump,asset=a,asset_kind=Pump,building=b,point=p2,site=s")
                .containsEntry(METER.pointId(), SeriesKeys.of(METER)).hasSize(2);
    }
}
