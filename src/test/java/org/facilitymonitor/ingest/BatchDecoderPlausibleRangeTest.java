package org.facilitymonitor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.facilitymonitor.assets.PlausibleDefaults;
import org.facilitymonitor.assets.PointBinding;
import org.facilitymonitor.assets.PointCatalog;
import org.facilitymonitor.assets.PointKind;
import org.junit.jupiter.api.Test;

/** Readings outside a point's plausible range (its own, or its quantity's default) are rejected one by one. */
class BatchDecoderPlausibleRangeTest {

    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");
    private static final long TS = NOW.toEpochMilli() - 1000;
    private static final PlausibleDefaults DEFAULTS = PlausibleDefaults.builtIn(true);

    private final BatchDecoder decoder = new BatchDecoder(new BatchDecoder.Limits(262144, 5000, 8, Duration.ofDays(30),
            Duration.ofMinutes(5), Period.ofYears(5)), Clock.fixed(NOW, ZoneOffset.UTC));

    private static PointBinding point(String id, PointKind kind, String quantity, String unit, Double min, Double max) {
        return new PointBinding(id, "s", "b", null, "asset-" + id, "AHU", null, kind, "m", id.replace('-', '_'), null,
                DEFAULTS.rangeOf(kind, quantity, unit, min, max).orElse(null));
    }

    private static PointCatalog.Snapshot catalog(PointBinding... points) {
        Map<String, PointBinding> map = new HashMap<>();
        for (PointBinding p : points) {
            map.put(p.pointId(), p);
        }
        return new PointCatalog.Snapshot(1, map, Set.of("s"));
    }

    private DecodedBatch decode(PointCatalog.Snapshot catalog, String... pointAndValue) {
        StringBuilder readings = new StringBuilder();
        for (int i = 0; i < pointAndValue.length; i += 2) {
            readings.append(i == 0 ? "" : ",").append("{\"point\":\"").append(pointAndValue[i]).append("\",\"ts\":")
                    .append(TS - i).append(",\"value\":").append(pointAndValue[i + 1]).append('}');
        }
        String payload = "{\"v\":1,\"site\":\"s\",\"edge\":\"e\",\"seq\":3,\"readings\":[" + readings + "]}";
        return decoder.decode("fm/v1/s/e/data", payload.getBytes(StandardCharsets.UTF_8), catalog);
    }

    @Test
    void aHugeNegativeReturnAirTemperatureIsRejectedByTheQuantityDefaultAndTheRestStored() {
        PointCatalog.Snapshot catalog = catalog(
                point("return-air", PointKind.INSTANTANEOUS, "temperature", "degC", null, null),
                point("supply-air", PointKind.INSTANTANEOUS, "temperature", "degC", null, null));
        DecodedBatch batch = decode(catalog, "return-air", "-1e308", "supply-air", "19.5", "return-air", "-60",
                "supply-air", "200.0001");
        assertThat(batch.points()).containsExactly("supply-air", "return-air");
        assertThat(batch.values()).containsExactly(19.5, -60.0);
        assertThat(batch.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.OUT_OF_RANGE, RejectReason.OUT_OF_RANGE);
        assertThat(batch.rejections()).extracting(Rejection::index).containsExactly(0, 3);
        assertThat(batch.rejections().get(0).detail()).isEqualTo("value -1.0E308 of point 'return-air' is outside its"
                + " plausible range -60 … 200 degC (the default for temperature in degC; set plausibleMin/plausibleMax"
                + " on the point or fm.registry.plausible-defaults to change it)");
        assertThat(batch.rejections().get(1).detail()).startsWith("value 200.0001 of point 'supply-air' is outside");
    }

    @Test
    void aPointsOwnRangeReplacesTheDefaultOnBothSides() {
        // The flue gas of a boiler is hotter than the default allows; its own range has no minimum.
        PointCatalog.Snapshot catalog = catalog(
                point("flue", PointKind.INSTANTANEOUS, "temperature", "degC", null, 600.0),
                point("room", PointKind.INSTANTANEOUS, "temperature", "degC", 5.0, 40.0));
        DecodedBatch batch = decode(catalog, "flue", "450", "flue", "-100", "flue", "600.5", "room", "4.99", "room", "40");
        assertThat(batch.values()).containsExactly(450.0, -100.0, 40.0);
        assertThat(batch.rejections()).extracting(Rejection::index).containsExactly(2, 3);
        assertThat(batch.rejections().get(0).detail()).isEqualTo("value 600.5 of point 'flue' is outside its plausible"
                + " range ≤ 600 degC (the point's plausibleMin/plausibleMax)");
        assertThat(batch.rejections().get(1).detail()).isEqualTo("value 4.99 of point 'room' is outside its plausible"
                + " range 5 … 40 degC (the point's plausibleMin/plausibleMax)");
    }

    @Test
    void registersGetNoDefaultMaximumButTheirOwnRangeAndStatePointsNone() {
        PointCatalog.Snapshot catalog = catalog(
                point("energy", PointKind.CUMULATIVE, "active_energy", "kWh", null, null),
                point("water", PointKind.CUMULATIVE, "volume", "m3", null, 99_999.0),
                point("fan", PointKind.STATE, "run_state", "", null, null),
                point("odd", PointKind.INSTANTANEOUS, "co2", "ppm", null, null));
        DecodedBatch batch = decode(catalog, "energy", "1e300", "energy", "-1", "water", "100000", "fan", "7",
                "odd", "-1e308");
        assertThat(batch.points()).containsExactly("energy", "fan", "odd");
        assertThat(batch.rejections()).extracting(Rejection::reason)
                .containsExactly(RejectReason.NEGATIVE_COUNTER, RejectReason.OUT_OF_RANGE);
        assertThat(batch.rejections().get(1).detail()).contains("≤ 99999 m3");
    }

    @Test
    void withDefaultsOffOnlyAPointsOwnRangeIsChecked() {
        PlausibleDefaults off = PlausibleDefaults.of(false, Map.of(), "x");
        PointCatalog.Snapshot catalog = catalog(
                new PointBinding("t", "s", "b", null, "a", "AHU", null, PointKind.INSTANTANEOUS, "m", "t", null,
                        off.rangeOf(PointKind.INSTANTANEOUS, "temperature", "degC", null, null).orElse(null)),
                new PointBinding("u", "s", "b", null, "a", "AHU", null, PointKind.INSTANTANEOUS, "m", "u", null,
                        off.rangeOf(PointKind.INSTANTANEOUS, "temperature", "degC", 0.0, null).orElse(null)));
        DecodedBatch batch = decode(catalog, "t", "-1e308", "u", "-1");
        assertThat(batch.points()).containsExactly("t");
        assertThat(batch.rejections()).singleElement().extracting(Rejection::detail).asString().contains("≥ 0 degC");
    }
}
