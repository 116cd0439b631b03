package org.facilitymonitor.energy.reports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.facilitymonitor.telemetry.InfluxQl;
import org.facilitymonitor.telemetry.InfluxQlReader;
import org.facilitymonitor.telemetry.InfluxQlReader.SeriesRow;

/**
 * Sums each meter point's daily consumption ({@code consumption_1d}, one row per local day stamped
 * with the day's start) over a report's period, and joins the registry's view of the meter.
 */
@ApplicationScoped
class MeterFigureReader {

    @Inject
    InfluxQlReader influx;
    @Inject
    ReportRegistry registry;

    List<MeterFigure> read(ReportScope scope) {
        String query = "select sum(\"value\") as \"value\", count(\"value\") as \"intervals\", sum(\"estimated\") as \"estimated\","
                + " sum(\"coverage\") as \"coverage\" from \"consumption_1d\" where \"site\" = " + InfluxQl.string(scope.site())
                + " and time >= " + InfluxQl.time(scope.start()) + " and time < " + InfluxQl.time(scope.end())
                + " group by \"point\", \"building\", \"carrier\", \"asset\"";
        Map<String, ReportRegistry.Meter> meters = registry.meters(scope.site());
        List<MeterFigure> figures = new ArrayList<>();
        for (SeriesRow row : influx.seriesRows(query)) {
            String point = row.tags().get("point");
            ReportRegistry.Meter meter = meters.get(point);
            String asset = meter != null ? meter.asset() : row.tags().get("asset");
            figures.add(new MeterFigure(point, asset, meter != null ? meter.assetName() : asset,
                    row.tags().getOrDefault("building", meter != null ? meter.building() : ""),
                    meter != null ? meter.department() : null, meter != null ? meter.parentAsset() : null,
                    row.tags().get("carrier"), row.number("value"), (long) row.number("intervals"),
                    (long) row.number("estimated"), row.number("coverage")));
        }
        figures.sort(Comparator.comparing(MeterFigure::point));
        return figures;
    }
}
